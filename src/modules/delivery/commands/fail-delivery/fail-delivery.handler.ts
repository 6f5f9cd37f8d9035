import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { FailDeliveryCommand } from './fail-delivery.command.js';

@CommandHandler(FailDeliveryCommand)
export class FailDeliveryHandler implements ICommandHandler<
  FailDeliveryCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: FailDeliveryCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'FailDelivery',
        data: { reason: body.reason, fallback: body.fallback },
      },
    });
  }
}
