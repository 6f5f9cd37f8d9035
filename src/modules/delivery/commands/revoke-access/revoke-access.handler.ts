import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { RevokeAccessCommand } from './revoke-access.command.js';

@CommandHandler(RevokeAccessCommand)
export class RevokeAccessHandler implements ICommandHandler<
  RevokeAccessCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    grantId,
    body,
    request,
  }: RevokeAccessCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'RevokeAccess',
        data: { grantId, reason: body.reason },
      },
    });
  }
}
