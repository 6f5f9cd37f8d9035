import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

import { GeoPointDto, IsPosition } from './geo-point.dto.js';

/** The customer's address area (home or office): the car is opened only while it stands in it. */
export class ReferenceAreaDto {
  @IsPosition('Personal data: the customer’s address')
  center: GeoPointDto;

  @ApiProperty({ example: 300, minimum: 10, maximum: 5000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(10)
  @Max(5000)
  radiusM: number;
}
