import type { Instant } from '../shared/instant.js';
import type { DomainEvent } from '../shared/message.js';

/** Stream `subject-{customerId}`: legal holds on a customer's data, and its erasure. */
export const subjectStreamId = (customerId: string): string => `subject-${customerId}`;

/**
 * v2: every hold has an end. A case's hold (`caseId`) ends with the case: placed again with the case's
 * new expiry when it is approved, released when it closes. Compliance's explicit hold (`caseId` null)
 * carries its reason and ends on its date.
 */
export type LegalHoldPlaced = DomainEvent<
  'LegalHoldPlaced',
  {
    customerId: string;
    caseId: string | null;
    placedBy: string;
    until: Instant;
    reason: string | null;
  }
>;
export type LegalHoldReleased = DomainEvent<
  'LegalHoldReleased',
  { customerId: string; caseId: string; releasedBy: string }
>;
export type SubjectErased = DomainEvent<
  'SubjectErased',
  {
    customerId: string;
    /** `request` (the customer asked, Art. 17) or `compliance`. */
    reason: string;
    requestedBy: string;
  }
>;
/** The retention job shredded the personal data of some of the customer's closed deliveries. */
export type PersonalDataShredded = DomainEvent<
  'PersonalDataShredded',
  { customerId: string; deliveryIds: string[]; reason: 'retention'; retentionDays: number }
>;

export type SubjectEvent =
  LegalHoldPlaced | LegalHoldReleased | SubjectErased | PersonalDataShredded;
export type SubjectEventType = SubjectEvent['type'];

export const SUBJECT_EVENT_SCHEMA_VERSIONS: Record<SubjectEventType, number> = {
  LegalHoldPlaced: 2,
  LegalHoldReleased: 1,
  SubjectErased: 1,
  PersonalDataShredded: 1,
};
