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
import { ApiTokenErrors } from '../../http/api-responses.js';
import { DeliveryParams } from '../delivery/dto/delivery-params.dto.js';
import { IsLedgerId, LEDGER_ID } from '../delivery/dto/validation.js';
import { CaseQueryDto } from '../../http/case-query.dto.js';
import { PRIVACY_SETTINGS, type PrivacySettings } from '../privacy/privacy.tokens.js';
import { readPhotoUpload } from './photo-upload.js';
import { PhotoUploads, type StoredPhoto } from './photo-uploads.service.js';
import { PhotosService } from './photos.service.js';
import { IMAGE_TYPES, StoredPhotoDto } from './stored-photo.response.dto.js';
import { type CommandRequest, CurrentCommandRequest } from '../../http/command-request.js';
import { HttpProblem } from '../../http/error-body.js';
import { RequestAppends } from '../../http/command-request.js';
import type { UnconfirmedAppends } from '../../event-store/unconfirmed-appends.js';

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
    private readonly uploads: PhotoUploads,
    @Inject(PRIVACY_SETTINGS) private readonly settings: PrivacySettings,
  ) {}

  @Post(':id/photos')
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      "Upload a drop photo (multipart: `photo`, `sha256`, optional `packageId`); it is checked against its digest, encrypted with the customer's key and kept by content address. Before or after its drop is recorded (/packages): a later upload, also after completion and within KEYTRAIL_PHOTO_LATE_DAYS of the drop, must match the recorded digest and is recorded as PhotoAttached.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['photo', 'sha256'],
      properties: {
        photo: { type: 'string', format: 'binary' },
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        packageId: {
          type: 'string',
          description: 'The package whose recorded digest it must match',
        },
      },
    },
  })
  @ApiResponse({ status: 201, type: StoredPhotoDto, description: 'Stored' })
  @ApiTokenErrors({
    400: 'PHOTO.MISSING: no `photo` file; PHOTO.FIELD, PHOTO.ONE_FILE: an unexpected or second file',
    403: 'ACCESS.NOT_YOURS',
    404: 'DELIVERY.NOT_FOUND; DELIVERY.NO_PACKAGE: no such package on the delivery',
    409: 'DELIVERY.CLOSED: the delivery is closed and no drop recorded this digest',
    413: 'PHOTO.TOO_LARGE: larger than KEYTRAIL_PHOTO_MAX_BYTES',
    415: 'PHOTO.NOT_AN_IMAGE: not a JPEG, PNG, WebP or HEIC image',
    422: 'PHOTO.DIGEST_MISMATCH, PHOTO.REF_MISMATCH: the image does not match its (recorded) SHA-256; or its grace period ended (PHOTO.TOO_LATE, recorded); or the delivery holds KEYTRAIL_PHOTOS_PER_DELIVERY photos already (PHOTO.TOO_MANY, nothing stored; the same image again is a retry and is taken)',
  })
  async upload(
    @Param() params: DeliveryParams,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @CurrentCommandRequest() command: CommandRequest,
  ): Promise<StoredPhoto> {
    const upload = await readPhotoUpload(request, response, this.settings.photoMaxBytes);
    if (upload.packageId !== null && !LEDGER_ID.test(upload.packageId))
      throw new HttpProblem(400, 'REQUEST.INVALID', 'packageId must be a package id');
    return this.uploads.upload(params.id, upload, command);
  }

  @Get(':id/packages/:packageId/photo')
  @Roles('customer', 'investigator')
  @Header('Cache-Control', 'no-store')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({
    summary:
      "The drop photo: for the customer, or an investigator under an open case covering the delivery (the view is recorded in the customer's access log first)",
  })
  @ApiResponse({
    status: 200,
    description: 'The image, in its own type',
    content: Object.fromEntries(
      IMAGE_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiTokenErrors({
    403: 'ACCESS.NOT_YOURS: another customer’s photo; ACCESS.CASE_REQUIRED, CASE.NOT_YOURS, CASE.NOT_APPROVED, CASE.EXPIRED, CASE.CLOSED, CASE.DOES_NOT_COVER: no open case of yours covers it',
    404: 'DELIVERY.NOT_FOUND, or no photo for that package',
    410: 'PHOTO.ERASED: erased with its customer’s data',
  })
  async reveal(
    @Param() params: PackagePhotoParams,
    @Query() query: CaseQueryDto,
    @CurrentPrincipal() reader: Principal,
    @RequestAppends() unconfirmed: UnconfirmedAppends | undefined,
  ): Promise<StreamableFile> {
    const { image, contentType } = await this.photos.reveal(
      params.id,
      params.packageId,
      reader,
      query.caseId,
      unconfirmed,
    );
    return new StreamableFile(image, {
      type: contentType,
      disposition: 'inline',
      length: image.length,
    });
  }
}
