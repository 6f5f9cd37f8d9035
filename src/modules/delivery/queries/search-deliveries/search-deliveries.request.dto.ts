import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

import { PageRequestDto } from '../../../../http/page-request.dto.js';
import { ANOMALY_CODES } from '../../../../story/anomalies/anomaly.js';
import { IsInstant, LEDGER_ID } from '../../dto/validation.js';

const ID = {
  message: '$property must be 1–128 letters, digits, dots, underscores, colons or dashes',
};

export class SearchDeliveriesRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ example: 'v-17' })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  vehicleId?: string;

  @ApiPropertyOptional({ example: 'c-123', description: 'Any courier granted access' })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  courierId?: string;

  @ApiPropertyOptional({ example: 'o-5531', description: 'The order the delivery carries' })
  @IsOptional()
  @Matches(LEDGER_ID, ID)
  orderId?: string;

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

  @ApiPropertyOptional({ enum: ['open', 'completed', 'failed', 'cancelled'] })
  @IsOptional()
  @IsIn(['open', 'completed', 'failed', 'cancelled'])
  status?: string;

  @ApiPropertyOptional({ enum: ANOMALY_CODES })
  @IsOptional()
  @IsIn(ANOMALY_CODES)
  anomaly?: string;
}
