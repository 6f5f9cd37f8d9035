import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstant, IsLedgerId } from '../../dto/validation.js';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class ReportCourierApproachingRequestDto extends CommandRequestDto {
  @IsLedgerId('c-123')
  courierId: string;

  @IsInstant('2026-11-25T14:00:00.000Z')
  eta: string;

  @ApiPropertyOptional({ example: 'Alex', description: 'Personal data: shown to the customer' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  courierName?: string;
}
