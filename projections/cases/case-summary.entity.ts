import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A case as the console lists it: who opened it, over how much, its approvals and its term. */
@Entity({ schema: 'read', name: 'case_summaries' })
@Index('case_summaries_opened', ['openedAt', 'caseId'])
export class CaseSummaryEntity {
  @PrimaryColumn('text', { name: 'case_id' })
  caseId: string;

  @Column('text', { name: 'investigator_id' })
  investigatorId: string;

  @Column('text')
  reason: string;

  @Column('jsonb', { name: 'delivery_ids' })
  deliveryIds: string[];

  @Column('timestamptz', { name: 'opened_at' })
  openedAt: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @Column('integer')
  approvals: number;

  @Column('text', { name: 'last_approved_by', nullable: true })
  lastApprovedBy: string | null;

  @Column('boolean')
  closed: boolean;

  @Column('bigint', { name: 'global_position' })
  globalPosition: string;
}
