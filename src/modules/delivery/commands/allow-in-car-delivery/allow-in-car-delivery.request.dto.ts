import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class AllowInCarDeliveryRequestDto extends CommandRequestDto {
  @ApiPropertyOptional({
    example: 'Customer confirmed by phone that the block was a mistake (ticket 4411)',
    description: 'Recorded with the lift; required when an admin lifts a block',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
