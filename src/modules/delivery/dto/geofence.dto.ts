import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max, Min } from 'class-validator';

import { GeoPointDto, IsPosition } from './geo-point.dto.js';

export class GeofenceDto {
  @IsPosition('Personal data: the car’s position')
  center: GeoPointDto;

  @ApiProperty({ example: 50, minimum: 5, maximum: 2000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(5)
  @Max(2000)
  radiusM: number;
}
