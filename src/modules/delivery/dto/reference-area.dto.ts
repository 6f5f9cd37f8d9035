import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';

import { GeoPointDto } from './geo-point.dto.js';

/** The customer's address area (home or office): the car is opened only while it stands in it. */
export class ReferenceAreaDto {
  @ApiProperty({ type: GeoPointDto, description: 'Personal data: the customer’s address' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
  center: GeoPointDto;

  @ApiProperty({ example: 300, minimum: 10, maximum: 5000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(10)
  @Max(5000)
  radiusM: number;
}
