import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { PageRequestDto } from '../../../../http/page-request.dto.js';
import { ANOMALY_CODES, SEVERITIES } from '../../../../story/anomalies/anomaly.js';
import { LEDGER_ID } from '../../../delivery/dto/validation.js';

export class ListAnomaliesRequestDto extends PageRequestDto {
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
}
