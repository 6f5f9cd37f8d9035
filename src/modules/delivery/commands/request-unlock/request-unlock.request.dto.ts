import { ApiProperty } from '@nestjs/swagger';
import { GeoPointDto } from '../../dto/geo-point.dto.js';
import { IsDefined, IsObject, Matches, ValidateNested } from 'class-validator';
import { IsLedgerId } from '../../dto/validation.js';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class RequestUnlockRequestDto extends CommandRequestDto {
  @IsLedgerId('g-7')
  grantId: string;

  @IsLedgerId('c-123')
  courierId: string;

  @ApiProperty({ type: GeoPointDto, description: 'Personal data: where the courier stands' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => GeoPointDto)
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
