import { ApiProperty } from '@nestjs/swagger';
import { GeoPointDto } from '../../dto/geo-point.dto.js';
import { IsDefined, IsObject, IsString, Length, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class DeclareVehicleLocationRequestDto extends CommandRequestDto {
  @ApiProperty({ example: 'Garage level -2, bay 41', description: 'Personal data' })
  @IsString()
  @Length(1, 500)
  description: string;

  @ApiProperty({ type: GeoPointDto, description: 'Personal data' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
  position: GeoPointDto;
}
