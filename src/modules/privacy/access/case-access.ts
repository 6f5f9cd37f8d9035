import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import { type CaseState, checkCaseCovers } from '../../../domain/case/case.decider.js';
import { type CaseOpened, caseStreamId } from '../../../domain/case/case.events.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { HttpProblem } from '../../../http/error-body.js';
import type { Principal } from '../../auth/principal.js';
import { caseStream } from '../../streams/case.stream.js';
import { foldHistory } from '../../streams/stream-kind.js';
import type { Lens } from '../views/lens.js';

/** The purpose compliance reads under when not exporting (each export has its own). */
export const COMPLIANCE_REVIEW_PURPOSE = 'compliance-review';

/**
 * Which lens a reader sees a delivery through: from the token's role, and for precise data an open,
 * approved, unexpired case of the investigator's that covers the delivery, read from the ledger itself (never a stale
 * read model), so a case closed a moment ago reveals nothing more.
 */
@Injectable()
export class CaseAccess {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async lensFor(reader: Principal, deliveryId: string, caseId: string | undefined): Promise<Lens> {
    if (caseId !== undefined && reader.role !== 'investigator') {
      throw new HttpProblem(
        403,
        'ACCESS.CASE_FOR_INVESTIGATORS',
        'Only an investigator sees data under a case',
      );
    }
    switch (reader.role) {
      case 'customer':
        return { kind: 'owner' };
      case 'investigator':
        if (caseId === undefined) return { kind: 'pseudonymised' };
        await this.openCaseCovering(caseId, deliveryId, reader);
        return { kind: 'case', caseId };
      case 'compliance':
        return { kind: 'compliance', purpose: COMPLIANCE_REVIEW_PURPOSE };
      default:
        return { kind: 'pseudonymised' };
    }
  }

  async caseState(caseId: string): Promise<CaseState> {
    const history = await this.store.readStream(caseStreamId(caseId));
    return foldHistory(caseStream, history);
  }

  async openCaseCovering(
    caseId: string,
    deliveryId: string,
    reader: Principal,
  ): Promise<CaseOpened['data']> {
    const state = await this.caseState(caseId);
    return checkCaseCovers(state, caseId, deliveryId, reader, this.clock.now());
  }
}
