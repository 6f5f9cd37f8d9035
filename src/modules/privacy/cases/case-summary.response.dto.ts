import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { CASE_STATUSES } from './case.response.dto.js';

/** A case as GET /v1/cases lists it: no personal data. */
@ApiSchema({ name: 'CaseSummary' })
export class CaseSummaryDto {
  @ApiProperty() caseId: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty() investigatorId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String] }) deliveryIds: string[];
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty() approvals: number;
  @ApiProperty({ type: String, nullable: true }) lastApprovedBy: string | null;
}

@ApiSchema({ name: 'CaseList' })
export class CaseListDto {
  @ApiProperty({ type: [CaseSummaryDto] }) cases: CaseSummaryDto[];
}
