import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

import { ANOMALY_CODES } from '../../../../../projections/anomalies/anomaly.js';
import { IsInstant, LEDGER_ID } from '../../dto/validation.js';

const ID = {
  message: '$property must be 1–128 letters, digits, dots, underscores, colons or dashes',
};

export class SearchDeliveriesRequestDto {
  @ApiPropertyOptional({ example: 'v-17' })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  vehicleId?: string;

  @ApiPropertyOptional({ example: 'c-123', description: 'Any courier granted access' })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  courierId?: string;

  @ApiPropertyOptional({
    example: 'cust-88',
    description: 'Ignored for customers: they see their own',
  })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  customerId?: string;

  @IsOptional()
  @IsInstant('2026-11-25T00:00:00.000Z', {
    required: false,
    description: 'Delivery windows ending after this',
  })
  from?: string;

  @IsOptional()
  @IsInstant('2026-11-26T00:00:00.000Z', {
    required: false,
    description: 'Delivery windows starting before this',
  })
  to?: string;

  @ApiPropertyOptional({ enum: ['open', 'completed', 'failed'] })
  @IsOptional()
  @IsIn(['open', 'completed', 'failed'])
  status?: string;

  @ApiPropertyOptional({ enum: ANOMALY_CODES })
  @IsOptional()
  @IsIn(ANOMALY_CODES)
  anomaly?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,500}$/)
  cursor?: string;
}
