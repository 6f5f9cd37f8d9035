import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class BlockInCarDeliveryRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({ example: 'I need the car this afternoon' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
