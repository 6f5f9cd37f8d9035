import { addSeconds, type Instant } from '../shared/instant.js';
import { DAY_S, TERM_OF_CASES_BEFORE_APPROVAL_DAYS } from './case-policy.js';
import { CASE_EVENT_SCHEMA_VERSIONS, type CaseEvent, type CaseEventType } from './case.events.js';

/** The part of a stored event reading it back needs (a RecordedEvent has it). */
export interface StoredCaseEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly schemaVersion: number; readonly occurredAt: Instant };
}

/**
 * A stored case event in the current shape. A CaseOpened of version 1 (before approvals) was opened
 * when it was recorded and, never approved, is pending: it expires after the default term.
 */
export function fromStoredCaseEvent(stored: StoredCaseEvent): CaseEvent {
  const type = stored.type as CaseEventType;
  const version = stored.metadata.schemaVersion;
  if (!(type in CASE_EVENT_SCHEMA_VERSIONS) || version > CASE_EVENT_SCHEMA_VERSIONS[type])
    throw new Error(`No way to read case event ${stored.type} version ${version}`);
  if (type === 'CaseOpened' && version === 1) {
    const openedAt = stored.metadata.occurredAt;
    return {
      type,
      data: {
        ...(stored.data as Omit<CaseEvent['data'], 'openedAt' | 'expiresAt'>),
        openedAt,
        expiresAt: addSeconds(openedAt, TERM_OF_CASES_BEFORE_APPROVAL_DAYS * DAY_S),
      },
    } as CaseEvent;
  }
  return { type, data: stored.data } as CaseEvent;
}
