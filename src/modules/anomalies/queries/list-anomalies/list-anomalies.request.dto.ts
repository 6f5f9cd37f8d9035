import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

import { ANOMALY_CODES, SEVERITIES } from '../../../../../projections/anomalies/anomaly.js';
import { LEDGER_ID } from '../../../delivery/dto/validation.js';

export class ListAnomaliesRequestDto {
  @ApiPropertyOptional({ enum: ANOMALY_CODES })
  @IsOptional()
  @IsIn(ANOMALY_CODES)
  code?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ example: 'd-1042' })
  @IsOptional()
  @Matches(LEDGER_ID)
  deliveryId?: string;

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
