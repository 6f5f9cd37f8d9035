import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';

import { IsLedgerId } from '../delivery/dto/validation.js';
import { DRIVE_SIDES, type DriveSide } from '../../domain/vehicle/vehicle.events.js';

export class VehiclePhotoDto {
  @ApiProperty({ example: 'ab'.repeat(32) })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' })
  sha256: string;

  @ApiProperty({ example: 'crm://vehicles/v-9/photo' })
  @IsString()
  @Length(1, 500)
  ref: string;
}

export class LinkVehicleRequestDto {
  @IsLedgerId('v-9')
  vehicleId: string;

  @IsLedgerId('cust-5')
  customerId: string;

  @ApiProperty({ example: 'ABC 123', description: 'Personal data: sealed, shown by role' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 -]{0,14}$/, {
    message: 'plate must be 1–15 letters, digits, spaces or dashes',
  })
  plate: string;

  @ApiProperty({ example: 'Volvo' }) @IsString() @Length(1, 60) make: string;
  @ApiProperty({ example: 'XC40' }) @IsString() @Length(1, 60) model: string;
  @ApiProperty({ example: 'blue' }) @IsString() @Length(1, 40) colour: string;

  @ApiPropertyOptional({ type: VehiclePhotoDto, nullable: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => VehiclePhotoDto)
  photo?: VehiclePhotoDto | null;

  @ApiPropertyOptional({
    enum: DRIVE_SIDES,
    default: 'left',
    description: 'The driver’s side: where Tesla’s driver and passenger flags are',
  })
  @IsOptional()
  @IsIn(DRIVE_SIDES)
  driveSide?: DriveSide;
}

export class UnlinkVehicleRequestDto {
  @ApiProperty({ example: 'sold' }) @IsString() @Length(1, 500) reason: string;
}

export class VehicleParams {
  @IsLedgerId('v-9')
  id: string;
}
