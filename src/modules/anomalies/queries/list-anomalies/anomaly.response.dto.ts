import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { ANOMALY_CODES, SEVERITIES } from '../../../../story/anomalies/anomaly.js';

/** One anomaly the rules found, with the ledger positions that show it. */
@ApiSchema({ name: 'Anomaly' })
export class AnomalyDto {
  @ApiProperty() anomalyId: string;
  @ApiProperty({ enum: ANOMALY_CODES }) code: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty() deliveryId: string;
  @ApiProperty({ description: 'The rule that found it' }) rule: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [Number], description: 'Global positions of the events that show it' })
  evidence: number[];
  @ApiProperty({ format: 'date-time' }) detectedAt: string;
}
