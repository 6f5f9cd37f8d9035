import { ApiProperty } from '@nestjs/swagger';
import { GeoPointDto, IsPosition } from '../../dto/geo-point.dto.js';
import { IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class DeclareVehicleLocationRequestDto extends CommandRequestDto {
  @ApiProperty({ example: 'Garage level -2, bay 41', description: 'Personal data' })
  @IsString()
  @Length(1, 500)
  description: string;

  @IsPosition('Personal data')
  position: GeoPointDto;
}
