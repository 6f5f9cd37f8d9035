import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsObject, Max, Min, ValidateNested } from 'class-validator';

import { GeoPointDto } from './geo-point.dto.js';

export class GeofenceDto {
  @ApiProperty({ type: GeoPointDto, description: 'Personal data: the car’s position' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
  center: GeoPointDto;

  @ApiProperty({ example: 50, minimum: 5, maximum: 2000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(5)
  @Max(2000)
  radiusM: number;
}
