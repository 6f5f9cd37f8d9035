import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { GeoPointDto } from './geo-point.dto.js';
import { IsInstant } from './validation.js';

export class PackagePhotoDto {
  @ApiProperty({
    example: 'a3f1…',
    pattern: '^[0-9a-f]{64}$',
    description: 'SHA-256 of the image, hex',
  })
  @Matches(/^[0-9a-f]{64}$/, { message: '$property must be 64 lowercase hex digits' })
  sha256: string;

  @ApiPropertyOptional({
    example: 'keytrail:photo:d-1042/a3f1…',
    description:
      'Personal data (sealed in the ledger): the address of this image, `keytrail:photo:{deliveryId}/{sha256}`, as POST /v1/deliveries/{id}/photos answers it; the ledger sets it when omitted',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  ref?: string;

  @IsInstant('2026-11-25T14:02:40.000Z')
  capturedAt: string;

  @ApiProperty({
    type: GeoPointDto,
    nullable: true,
    description: 'Personal data: where it was taken',
  })
  @ValidateIf((_, value) => value !== null)
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
  geotag: GeoPointDto | null;
}
