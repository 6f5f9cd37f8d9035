import { ApiProperty } from '@nestjs/swagger';
import { GeoPointDto, IsPosition } from '../../dto/geo-point.dto.js';
import { Matches } from 'class-validator';
import { IsLedgerId } from '../../dto/validation.js';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class RequestUnlockRequestDto extends CommandRequestDto {
  @IsLedgerId('g-7')
  grantId: string;

  @IsLedgerId('c-123')
  courierId: string;

  @IsPosition('Personal data: where the courier stands')
  courierPosition: GeoPointDto;

  @IsLedgerId('cmd-unlock-1')
  commandId: string;

  @ApiProperty({
    example: '4f9d2c7a1e',
    description: 'Fresh for every request: a replayed nonce is denied',
  })
  @Matches(/^[A-Za-z0-9_-]{8,128}$/, { message: '$property must be 8–128 letters, digits, _ or -' })
  nonce: string;
}
