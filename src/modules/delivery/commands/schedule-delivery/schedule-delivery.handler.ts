import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { ScheduleDeliveryCommand } from './schedule-delivery.command.js';

@CommandHandler(ScheduleDeliveryCommand)
export class ScheduleDeliveryHandler implements ICommandHandler<
  ScheduleDeliveryCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: ScheduleDeliveryCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
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
    });
  }
}
