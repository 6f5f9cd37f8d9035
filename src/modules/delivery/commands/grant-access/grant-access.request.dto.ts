import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_TARGETS,
  type DeliveryTarget,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { GeofenceDto } from '../../dto/geofence.dto.js';
import { IsBoolean, IsDefined, IsIn, IsObject, Matches, ValidateNested } from 'class-validator';
import { IsInstant, IsLedgerId } from '../../dto/validation.js';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class GrantAccessRequestDto extends CommandRequestDto {
  @IsLedgerId('g-7')
  grantId: string;

  @IsLedgerId('c-123')
  courierId: string;

  @IsInstant('2026-11-25T13:30:00.000Z')
  notBefore: string;

  @IsInstant('2026-11-25T15:00:00.000Z')
  notAfter: string;

  @ApiProperty({ type: GeofenceDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeofenceDto)
  geofence: GeofenceDto;

  @ApiProperty({ enum: DELIVERY_TARGETS })
  @IsIn(DELIVERY_TARGETS)
  scope: DeliveryTarget;

  @ApiProperty({ example: true })
  @IsBoolean()
  singleUse: boolean;

  @ApiProperty({ example: 'b4c1f0e2a9d3', minLength: 8, maxLength: 128 })
  @Matches(/^[A-Za-z0-9_-]{8,128}$/, { message: '$property must be 8–128 letters, digits, _ or -' })
  nonce: string;
}
