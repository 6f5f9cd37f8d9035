import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { AnomalyDto } from './anomaly.response.dto.js';

/** GET /v1/anomalies: one page, most severe first. */
@ApiSchema({ name: 'AnomalyPage' })
export class AnomalyPageDto {
  @ApiProperty({ type: [AnomalyDto] }) items: AnomalyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
