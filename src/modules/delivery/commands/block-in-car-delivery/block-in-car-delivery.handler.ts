import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { BlockInCarDeliveryCommand } from './block-in-car-delivery.command.js';

@CommandHandler(BlockInCarDeliveryCommand)
export class BlockInCarDeliveryHandler implements ICommandHandler<
  BlockInCarDeliveryCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    body,
    request,
  }: BlockInCarDeliveryCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'BlockInCarDelivery',
        data: { reason: body.reason ?? null },
      },
    });
  }
}
