import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { AllowInCarDeliveryCommand } from './allow-in-car-delivery.command.js';

@CommandHandler(AllowInCarDeliveryCommand)
export class AllowInCarDeliveryHandler implements ICommandHandler<
  AllowInCarDeliveryCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    body,
    request,
  }: AllowInCarDeliveryCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'AllowInCarDelivery',
        data: {},
      },
    });
  }
}
