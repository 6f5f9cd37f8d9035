import { DAY_S, TERM_OF_CASES_BEFORE_APPROVAL_DAYS } from '../case/case-policy.js';
import { addSeconds, type Instant } from '../shared/instant.js';
import {
  SUBJECT_EVENT_SCHEMA_VERSIONS,
  type SubjectEvent,
  type SubjectEventType,
} from './subject.events.js';

export interface StoredSubjectEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly schemaVersion: number; readonly occurredAt: Instant };
}

/**
 * A stored subject event in the current shape. A LegalHoldPlaced of version 1 was a case's hold with
 * no end; it ends when its case does: the default term after it was placed (see case.upcasters.ts).
 */
export function fromStoredSubjectEvent(stored: StoredSubjectEvent): SubjectEvent {
  const type = stored.type as SubjectEventType;
  const version = stored.metadata.schemaVersion;
  if (!(type in SUBJECT_EVENT_SCHEMA_VERSIONS) || version > SUBJECT_EVENT_SCHEMA_VERSIONS[type])
    throw new Error(`No way to read subject event ${stored.type} version ${version}`);
  if (type === 'LegalHoldPlaced' && version === 1) {
    return {
      type,
      data: {
        ...(stored.data as { customerId: string; caseId: string; placedBy: string }),
        until: addSeconds(stored.metadata.occurredAt, TERM_OF_CASES_BEFORE_APPROVAL_DAYS * DAY_S),
        reason: null,
      },
    };
  }
  return { type, data: stored.data } as SubjectEvent;
}
