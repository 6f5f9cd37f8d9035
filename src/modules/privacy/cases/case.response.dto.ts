import { ApiProperty, ApiSchema } from '@nestjs/swagger';

export const CASE_STATUSES = ['pending', 'approved', 'expired', 'closed'];

@ApiSchema({ name: 'CaseApproval' })
class CaseApprovalDto {
  @ApiProperty() approvedBy: string;
  @ApiProperty({ enum: ['investigator', 'supervisor', 'compliance'] }) role: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) approvedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

/** GET /v1/cases/{id}: a case and where it stands now. */
@ApiSchema({ name: 'Case' })
export class CaseDto {
  @ApiProperty() caseId: string;
  @ApiProperty({
    enum: CASE_STATUSES,
    description: '`pending` until a second person approves it; `expired` past `expiresAt`',
  })
  status: string;
  @ApiProperty({ description: 'Who opened it' }) investigatorId: string;
  @ApiProperty({ type: [String] }) deliveryIds: string[];
  @ApiProperty({ type: [String] }) customerIds: string[];
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: [CaseApprovalDto] }) approvals: CaseApprovalDto[];
}
