import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { READ_MODELS } from '../../../adapters/read-models.js';
import { CLOCK, type Clock } from '../../../config/clock.js';
import type { CaseStatus } from '../../../domain/case/case.decider.js';

export interface CaseSummary {
  readonly caseId: string;
  readonly status: CaseStatus;
  readonly investigatorId: string;
  readonly reason: string;
  readonly deliveryIds: readonly string[];
  readonly openedAt: string;
  readonly expiresAt: string;
  readonly approvals: number;
  readonly lastApprovedBy: string | null;
}

interface Row {
  case_id: string;
  investigator_id: string;
  reason: string;
  delivery_ids: string[];
  opened_at: Date;
  expires_at: Date;
  approvals: number;
  last_approved_by: string | null;
}

/** The state each case is in now, told from the time: a case expires with no event at its end. */
const WHERE_STATUS: Record<CaseStatus, string> = {
  pending: 'NOT closed AND expires_at > $1 AND approvals = 0',
  approved: 'NOT closed AND expires_at > $1 AND approvals > 0',
  expired: 'NOT closed AND expires_at <= $1',
  closed: 'closed AND $1::timestamptz IS NOT NULL',
};

const LIMIT = 200;

/** Cases by their state now, oldest first, from the `case-summaries` read model. */
@Injectable()
export class CaseList {
  constructor(
    @Inject(READ_MODELS) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async inStatus(status: CaseStatus): Promise<CaseSummary[]> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT case_id, investigator_id, reason, delivery_ids, opened_at, expires_at, approvals,
              last_approved_by
         FROM read.case_summaries
        WHERE ${WHERE_STATUS[status]}
        ORDER BY opened_at, case_id
        LIMIT ${LIMIT}`,
      [this.clock.now()],
    );
    return rows.map((row) => ({
      caseId: row.case_id,
      status,
      investigatorId: row.investigator_id,
      reason: row.reason,
      deliveryIds: row.delivery_ids,
      openedAt: new Date(row.opened_at).toISOString(),
      expiresAt: new Date(row.expires_at).toISOString(),
      approvals: row.approvals,
      lastApprovedBy: row.last_approved_by,
    }));
  }
}
