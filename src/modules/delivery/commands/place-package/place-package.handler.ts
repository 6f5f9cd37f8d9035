import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { PhotosService } from '../../../photos/photos.service.js';

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
  constructor(
    private readonly deliveries: DeliveryCommandService,
    @Inject(PhotosService) private readonly photos: PhotosService,
  ) {}

  async execute({
    deliveryId,
    body,
    request,
  }: PlacePackageCommand): Promise<DeliveryCommandResult> {
    // The photo must have been uploaded for this delivery, with this digest: nothing is stored otherwise.
    await this.photos.checkUploaded(deliveryId, body.photo);
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
