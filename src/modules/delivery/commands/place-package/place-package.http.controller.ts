import { Body, Param, UseGuards } from '@nestjs/common';

import { DeviceSignatureGuard } from '../../../devices/device-signature.guard.js';
import { PhotoUploads } from '../../../photos/photo-uploads.service.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { PlacePackageRequestDto } from './place-package.request.dto.js';

@DeliveryCommandController()
export class PlacePackageHttpController {
  constructor(
    private readonly deliveries: DeliveryCommands,
    private readonly photos: PhotoUploads,
  ) {}

  @DeliveryCommandRoute({
    path: ':id/packages',
    summary:
      "Record the package dropped, with its photo's digest, capturedAt and geotag as taken on the courier's device; the photo may be uploaded later (PackagePlaced)",
    command: 'PlacePackage',
  })
  // A drop receipt may come signed by the courier's device (RFC 9421), checked before anything runs.
  @UseGuards(DeviceSignatureGuard)
  async placePackage(
    @Param() { id }: DeliveryParams,
    @Body() { packageId, photo, occurredAt }: PlacePackageRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    // The image may come later (no signal at the drop); if it came first, the ledger holds it already.
    const { ref, held } = await this.photos.dropPhoto(id, photo);
    return this.deliveries.run(id, request, occurredAt, {
      type: 'PlacePackage',
      data: {
        packageId,
        photo: {
          sha256: photo.sha256,
          ref,
          capturedAt: photo.capturedAt,
          geotag: photo.geotag ? { lat: photo.geotag.lat, lon: photo.geotag.lon } : null,
        },
        photoHeld: held,
      },
      naturalKey: `package:${packageId}`,
    });
  }
}
