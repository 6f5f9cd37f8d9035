import { Body } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { PreviousDelivery } from './previous-delivery.js';
import { ScheduleDeliveryRequestDto } from './schedule-delivery.request.dto.js';

@DeliveryCommandController()
export class ScheduleDeliveryHttpController {
  constructor(
    private readonly deliveries: DeliveryCommands,
    private readonly previous: PreviousDelivery,
  ) {}

  @DeliveryCommandRoute({
    summary: 'Schedule an in-car delivery (DeliveryScheduled)',
    command: 'ScheduleDelivery',
    created: true,
  })
  async scheduleDelivery(
    @Body() body: ScheduleDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    if (body.previousDeliveryId !== undefined)
      await this.previous.check(body.deliveryId, body.previousDeliveryId, body.customerId);
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
        // Present only when given, so that a delivery without them is stored as before.
        ...(body.packages && {
          packages: body.packages.map(({ packageId }) => ({ packageId })),
        }),
        ...(body.previousDeliveryId !== undefined && {
          previousDeliveryId: body.previousDeliveryId,
        }),
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
