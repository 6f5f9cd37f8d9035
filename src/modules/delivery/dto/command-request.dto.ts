import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

import { IsInstant } from './validation.js';

/** Every command may say when it happened by its source's clock; the ledger adds its own. */
export class CommandRequestDto {
  @ApiPropertyOptional({ description: 'When it happened by the caller’s clock (defaults to now)' })
  @IsOptional()
  @IsInstant()
  occurredAt?: string;
}
