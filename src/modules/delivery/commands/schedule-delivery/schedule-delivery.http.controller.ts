import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { ScheduleDeliveryRequestDto } from './schedule-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class ScheduleDeliveryHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post()
  @HttpCode(201)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Schedule an in-car delivery (DeliveryScheduled)' })
  @ApiCommandResponses(true)
  async scheduleDelivery(
    @Body() body: ScheduleDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: body.deliveryId,
        request,
        occurredAt: body.occurredAt,
        naturalKey: 'schedule',
        command: {
          type: 'ScheduleDelivery',
          data: {
            deliveryId: body.deliveryId,
            orderId: body.orderId,
            customerId: body.customerId,
            vehicleId: body.vehicleId,
            vendor: body.vendor,
            window: { from: body.window.from, to: body.window.to },
            target: body.target,
          },
        },
      }),
    );
  }
}
