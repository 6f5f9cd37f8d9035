import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { AllowInCarDeliveryRequestDto } from './allow-in-car-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class AllowInCarDeliveryHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/allow')
  @HttpCode(200)
  @Roles('customer', 'delivery-service', 'admin')
  @ApiOperation({ summary: 'Allow in-car delivery again (InCarDeliveryAllowed)' })
  @ApiCommandResponses()
  async allowInCarDelivery(
    @Param() params: DeliveryParams,
    @Body() body: AllowInCarDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        command: {
          type: 'AllowInCarDelivery',
          data: {},
        },
      }),
    );
  }
}
