import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { PhotosService } from '../../../photos/photos.service.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { PlacePackageRequestDto } from './place-package.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class PlacePackageHttpController {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(PhotosService) private readonly photos: PhotosService,
  ) {}

  @Post(':id/packages')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Record the package dropped, with its photo digest (PackagePlaced)' })
  @ApiCommandResponses()
  async placePackage(
    @Param() params: DeliveryParams,
    @Body() body: PlacePackageRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    // The photo must have been uploaded for this delivery, with this digest: nothing is stored otherwise.
    await this.photos.checkUploaded(params.id, body.photo);
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
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
      }),
    );
  }
}
