import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class CancelDeliveryRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ example: 'Order cancelled by the customer' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
