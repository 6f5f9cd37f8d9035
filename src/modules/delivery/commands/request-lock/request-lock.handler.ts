import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { RequestLockCommand } from './request-lock.command.js';

@CommandHandler(RequestLockCommand)
export class RequestLockHandler implements ICommandHandler<
  RequestLockCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: RequestLockCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      naturalKey: `lock:${body.commandId}`,
      command: {
        type: 'RequestLock',
        data: { commandId: body.commandId },
      },
    });
  }
}
