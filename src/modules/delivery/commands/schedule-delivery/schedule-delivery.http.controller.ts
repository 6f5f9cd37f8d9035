import { Body } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { ScheduleDeliveryRequestDto } from './schedule-delivery.request.dto.js';

@DeliveryCommandController()
export class ScheduleDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    summary: 'Schedule an in-car delivery (DeliveryScheduled)',
    command: 'ScheduleDelivery',
    created: true,
  })
  scheduleDelivery(
    @Body() body: ScheduleDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(body.deliveryId, request, body.occurredAt, {
      type: 'ScheduleDelivery',
      data: {
        deliveryId: body.deliveryId,
        orderId: body.orderId,
        customerId: body.customerId,
        vehicleId: body.vehicleId,
        vendor: body.vendor,
        window: { from: body.window.from, to: body.window.to },
        target: body.target,
        ...(body.referenceArea && {
          referenceArea: {
            center: { lat: body.referenceArea.center.lat, lon: body.referenceArea.center.lon },
            radiusM: body.referenceArea.radiusM,
          },
        }),
      },
      naturalKey: 'schedule',
    });
  }
}
