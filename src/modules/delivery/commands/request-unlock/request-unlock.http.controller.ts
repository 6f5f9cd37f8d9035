import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RequestUnlockRequestDto } from './request-unlock.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class RequestUnlockHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/unlock-requests')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      'Ask to unlock the car; denied unless every rule holds (UnlockRequested, UnlockDenied)',
  })
  @ApiCommandResponses()
  async requestUnlock(
    @Param() params: DeliveryParams,
    @Body() body: RequestUnlockRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        naturalKey: `unlock:${body.commandId}`,
        command: {
          type: 'RequestUnlock',
          data: {
            grantId: body.grantId,
            courierId: body.courierId,
            courierPosition: { lat: body.courierPosition.lat, lon: body.courierPosition.lon },
            commandId: body.commandId,
            nonce: body.nonce,
          },
        },
      }),
    );
  }
}
