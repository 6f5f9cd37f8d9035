import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { GrantAccessCommand } from './grant-access.command.js';

@CommandHandler(GrantAccessCommand)
export class GrantAccessHandler implements ICommandHandler<
  GrantAccessCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: GrantAccessCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      naturalKey: `grant:${body.grantId}`,
      command: {
        type: 'GrantAccess',
        data: {
          grantId: body.grantId,
          courierId: body.courierId,
          notBefore: body.notBefore,
          notAfter: body.notAfter,
          geofence: {
            center: { lat: body.geofence.center.lat, lon: body.geofence.center.lon },
            radiusM: body.geofence.radiusM,
          },
          scope: body.scope,
          singleUse: body.singleUse,
          nonce: body.nonce,
        },
      },
    });
  }
}
