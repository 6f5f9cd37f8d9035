import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { RecordedEventSummaryDto } from '../../../http/api-responses.js';

@ApiSchema({ name: 'LegalHold' })
export class LegalHoldDto {
  @ApiProperty({ type: String, nullable: true, description: "The case's hold; null: compliance's" })
  caseId: string | null;
  @ApiProperty() placedBy: string;
  @ApiProperty({ format: 'date-time' }) until: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

/** POST /v1/subjects/{customerId}/legal-holds: the holds in force after placing one. */
@ApiSchema({ name: 'LegalHolds' })
export class LegalHoldsDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ description: 'False when the same hold was in place already' }) changed: boolean;
  @ApiProperty({ type: [LegalHoldDto] }) holds: LegalHoldDto[];
  @ApiProperty({ type: [RecordedEventSummaryDto] }) events: RecordedEventSummaryDto[];
}
