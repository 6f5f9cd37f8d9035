import { Inject, Injectable } from '@nestjs/common';

import { caseStreamId } from '../../../domain/case/case.events.js';
import type {
  LegalHoldPlaced,
  LegalHoldReleased,
  PersonalDataShredded,
  SubjectErased,
} from '../../../domain/subject/subject.events.js';
import { subjectStreamId } from '../../../domain/subject/subject.events.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { CasesService } from '../../privacy/cases/cases.service.js';
import type { Lens } from '../../privacy/views/lens.js';

/** What the ledger did to the subject's data as a whole: holds, erasure, retention's shredding. */
export interface SubjectRecord {
  readonly erased: { readonly at: string; readonly reason: string } | null;
  readonly shreddedByRetention: readonly {
    readonly at: string;
    readonly deliveryIds: readonly string[];
    readonly retentionDays: number;
  }[];
  readonly legalHolds: readonly {
    readonly caseId: string;
    readonly placedAt: string;
    readonly releasedAt: string | null;
  }[];
}

/**
 * A case that covered some of the subject's deliveries. The customer sees that it exists, its status,
 * when it opened and closed, which of their deliveries it covered, and when evidence was exported;
 * not the investigator's free-text reason or resolution, nor the other deliveries it covers (other
 * people's). Compliance also sees who opened it, the reason, the resolution and how many deliveries.
 */
export interface CaseReference {
  readonly caseId: string;
  readonly status: string;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly deliveryIds: readonly string[];
  readonly evidenceExportedAt: readonly string[];
  readonly investigatorId?: string;
  readonly reason?: string;
  readonly resolution?: string | null;
  readonly deliveriesCovered?: number;
}

/** The subject stream's story, and the cases that held the subject's data. */
@Injectable()
export class SubjectRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly cases: CasesService,
  ) {}

  async record(customerId: string): Promise<{ record: SubjectRecord; caseIds: string[] }> {
    const events = await this.store.readStream(subjectStreamId(customerId));
    let erased: SubjectRecord['erased'] = null;
    const shredded: SubjectRecord['shreddedByRetention'][number][] = [];
    const holds = new Map<
      string,
      { caseId: string; placedAt: string; releasedAt: string | null }
    >();
    for (const event of events) {
      const at = event.metadata.recordedAt;
      switch (event.type) {
        case 'SubjectErased':
          erased = { at, reason: (event.data as SubjectErased['data']).reason };
          break;
        case 'PersonalDataShredded': {
          const data = event.data as PersonalDataShredded['data'];
          shredded.push({ at, deliveryIds: data.deliveryIds, retentionDays: data.retentionDays });
          break;
        }
        case 'LegalHoldPlaced': {
          // A case's hold; a hold that names no case tells no case to look up.
          const { caseId } = event.data as Partial<LegalHoldPlaced['data']>;
          if (typeof caseId === 'string')
            holds.set(caseId, { caseId, placedAt: at, releasedAt: null });
          break;
        }
        case 'LegalHoldReleased': {
          const { caseId } = event.data as Partial<LegalHoldReleased['data']>;
          const held = typeof caseId === 'string' ? holds.get(caseId) : undefined;
          if (held) held.releasedAt = at;
          break;
        }
      }
    }
    return {
      record: { erased, shreddedByRetention: shredded, legalHolds: [...holds.values()] },
      caseIds: [...holds.keys()],
    };
  }

  /** The case as the lens may see it; null for a case the ledger does not hold. */
  async caseReference(
    caseId: string,
    ownDeliveries: ReadonlySet<string>,
    lens: Lens,
  ): Promise<CaseReference | null> {
    const view = await this.cases.get(caseId);
    if (!view) return null;
    const events = await this.store.readStream(caseStreamId(caseId));
    const at = (type: string) => events.find((e) => e.type === type)?.metadata.recordedAt ?? null;
    const closed = events.find((e) => e.type === 'CaseClosed');
    const reference: CaseReference = {
      caseId,
      status: view.status,
      openedAt: at('CaseOpened'),
      closedAt: closed?.metadata.recordedAt ?? null,
      deliveryIds: view.deliveryIds.filter((id) => ownDeliveries.has(id)),
      evidenceExportedAt: events
        .filter((e) => e.type === 'EvidenceExported')
        .map((e) => e.metadata.recordedAt),
    };
    if (lens.kind === 'owner') return reference;
    return {
      ...reference,
      investigatorId: view.investigatorId,
      reason: view.reason,
      resolution: closed ? String((closed.data as { resolution?: unknown }).resolution) : null,
      deliveriesCovered: view.deliveryIds.length,
    };
  }
}
