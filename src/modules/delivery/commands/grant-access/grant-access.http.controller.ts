import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { GrantAccessRequestDto } from './grant-access.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class GrantAccessHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/grants')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Grant a courier time-limited access to the car (AccessGranted)' })
  @ApiCommandResponses()
  async grantAccess(
    @Param() params: DeliveryParams,
    @Body() body: GrantAccessRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        naturalKey: `grant:${body.grantId}`,
        command: {
          type: 'GrantAccess',
          data: {
            grantId: body.grantId,
            courierId: body.courierId,
            notBefore: body.notBefore,
            notAfter: body.notAfter,
            geofence: {
              center: { lat: body.geofence.center.lat, lon: body.geofence.center.lon },
              radiusM: body.geofence.radiusM,
            },
            scope: body.scope,
            singleUse: body.singleUse,
            nonce: body.nonce,
          },
        },
      }),
    );
  }
}
