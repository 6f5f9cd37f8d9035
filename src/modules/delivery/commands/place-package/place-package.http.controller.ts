import { Body, Param, UseGuards } from '@nestjs/common';

import { DeviceSignatureGuard } from '../../../devices/device-signature.guard.js';
import { PhotosService } from '../../../photos/photos.service.js';
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
    private readonly photos: PhotosService,
  ) {}

  @DeliveryCommandRoute({
    path: ':id/packages',
    summary: 'Record the package dropped, with its photo digest (PackagePlaced)',
    command: 'PlacePackage',
  })
  // A drop receipt may come signed by the courier's device (RFC 9421), checked before anything runs.
  @UseGuards(DeviceSignatureGuard)
  async placePackage(
    @Param() { id }: DeliveryParams,
    @Body() { packageId, photo, occurredAt }: PlacePackageRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    // The photo must have been uploaded for this delivery, with this digest: nothing is stored otherwise.
    await this.photos.checkUploaded(id, photo);
    return this.deliveries.run(id, request, occurredAt, {
      type: 'PlacePackage',
      data: {
        packageId,
        photo: {
          sha256: photo.sha256,
          ref: photo.ref,
          capturedAt: photo.capturedAt,
          geotag: photo.geotag ? { lat: photo.geotag.lat, lon: photo.geotag.lon } : null,
        },
      },
      naturalKey: `package:${packageId}`,
    });
  }
}
