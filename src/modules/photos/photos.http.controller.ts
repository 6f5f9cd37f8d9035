import {
  Controller,
  Get,
  Header,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiErrors } from '../../http/api-responses.js';
import { DeliveryParams } from '../delivery/dto/delivery-params.dto.js';
import { IsLedgerId } from '../delivery/dto/validation.js';
import { CaseQueryDto } from '../../http/case-query.dto.js';
import { PRIVACY_SETTINGS, type PrivacySettings } from '../privacy/privacy.tokens.js';
import { readPhotoUpload } from './photo-upload.js';
import { PhotosService, type StoredPhoto } from './photos.service.js';

class PackagePhotoParams extends DeliveryParams {
  @IsLedgerId('p-1')
  packageId: string;
}

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class PhotosHttpController {
  constructor(
    private readonly photos: PhotosService,
    @Inject(PRIVACY_SETTINGS) private readonly settings: PrivacySettings,
  ) {}

  @Post(':id/photos')
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      "Upload a drop photo (multipart: `photo`, `sha256`); it is checked against its digest, encrypted with the customer's key and kept by content address. Use the answered ref in /packages.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['photo', 'sha256'],
      properties: {
        photo: { type: 'string', format: 'binary' },
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
  })
  @ApiResponse({
    status: 201,
    description: 'Stored: { deliveryId, sha256, ref, contentType, size }',
  })
  @ApiErrors({
    413: 'Larger than the limit',
    415: 'Not a JPEG, PNG, WebP or HEIC image',
    422: 'The image does not match its SHA-256',
  })
  async upload(
    @Param() params: DeliveryParams,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StoredPhoto> {
    const { bytes, declaredSha256 } = await readPhotoUpload(
      request,
      response,
      this.settings.photoMaxBytes,
    );
    return this.photos.upload(params.id, bytes, declaredSha256);
  }

  @Get(':id/packages/:packageId/photo')
  @Roles('customer', 'investigator')
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({
    summary:
      "The drop photo: for the customer, or an investigator under an open case covering the delivery (the view is recorded in the customer's access log first)",
  })
  @ApiResponse({ status: 200, description: 'The image' })
  @ApiErrors({ 403: 'No open case of yours covers it', 410: 'Erased' })
  async reveal(
    @Param() params: PackagePhotoParams,
    @Query() query: CaseQueryDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<StreamableFile> {
    const { image, contentType } = await this.photos.reveal(
      params.id,
      params.packageId,
      reader,
      query.caseId,
    );
    return new StreamableFile(image, {
      type: contentType,
      disposition: 'inline',
      length: image.length,
    });
  }
}
