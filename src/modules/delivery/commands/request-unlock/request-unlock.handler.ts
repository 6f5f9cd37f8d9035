import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { RequestUnlockCommand } from './request-unlock.command.js';

@CommandHandler(RequestUnlockCommand)
export class RequestUnlockHandler implements ICommandHandler<
  RequestUnlockCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: RequestUnlockCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      naturalKey: `unlock:${body.commandId}`,
      command: {
        type: 'RequestUnlock',
        data: {
          grantId: body.grantId,
          courierId: body.courierId,
          courierPosition: { lat: body.courierPosition.lat, lon: body.courierPosition.lon },
          commandId: body.commandId,
          nonce: body.nonce,
        },
      },
    });
  }
}
