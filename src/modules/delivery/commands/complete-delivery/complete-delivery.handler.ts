import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { CompleteDeliveryCommand } from './complete-delivery.command.js';

@CommandHandler(CompleteDeliveryCommand)
export class CompleteDeliveryHandler implements ICommandHandler<
  CompleteDeliveryCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: CompleteDeliveryCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'CompleteDelivery',
        data: {},
      },
    });
  }
}
