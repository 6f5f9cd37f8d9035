import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { PlacePackageCommand } from './place-package.command.js';

@CommandHandler(PlacePackageCommand)
export class PlacePackageHandler implements ICommandHandler<
  PlacePackageCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: PlacePackageCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      naturalKey: `package:${body.packageId}`,
      command: {
        type: 'PlacePackage',
        data: {
          packageId: body.packageId,
          photo: {
            sha256: body.photo.sha256,
            ref: body.photo.ref,
            capturedAt: body.photo.capturedAt,
            geotag: body.photo.geotag
              ? { lat: body.photo.geotag.lat, lon: body.photo.geotag.lon }
              : null,
          },
        },
      },
    });
  }
}
