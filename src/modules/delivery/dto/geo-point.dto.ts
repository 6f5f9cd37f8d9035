import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsObject,
  ValidateNested,
} from 'class-validator';

export class GeoPointDto {
  @ApiProperty({ example: 59.3293, minimum: -90, maximum: 90 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  lat: number;

  @ApiProperty({ example: 18.0686, minimum: -180, maximum: 180 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lon: number;
}

/** A required position in a body ({lat, lon}, each in its range): personal data, as `description` says. */
export const IsPosition = (description: string) =>
  applyDecorators(
    ApiProperty({ type: GeoPointDto, description }),
    IsDefined(),
    IsObject(),
    ValidateNested(),
    Type(() => GeoPointDto),
  );
