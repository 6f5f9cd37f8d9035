import type { DomainEvent } from '../shared/message.js';
import type { Instant } from '../shared/instant.js';

/** Stream `case-{caseId}`: an investigation, the deliveries it covers, its approvals, when it closed. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    caseId: string;
    investigatorId: string;
    deliveryIds: string[];
    /** Whose deliveries they are: each gets a legal hold while the case lives. */
    customerIds: string[];
    reason: string;
    /** v2: when it was opened, and when it expires if nobody approves it by then. */
    openedAt: Instant;
    expiresAt: Instant;
  }
>;
/** A second person (never the opener) agreed to the case: precise data is reachable until `expiresAt`. */
export type CaseApproved = DomainEvent<
  'CaseApproved',
  {
    caseId: string;
    approvedBy: string;
    /** `investigator`, `supervisor` or `compliance` (a case over more deliveries than allowed). */
    role: string;
    reason: string;
    approvedAt: Instant;
    expiresAt: Instant;
  }
>;
export type EvidenceExported = DomainEvent<
  'EvidenceExported',
  { caseId: string; exportedBy: string; format: string; sha256: string }
>;
export type CaseClosed = DomainEvent<
  'CaseClosed',
  { caseId: string; closedBy: string; resolution: string }
>;

export type CaseEvent = CaseOpened | CaseApproved | EvidenceExported | CaseClosed;
export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_SCHEMA_VERSIONS: Record<CaseEventType, number> = {
  CaseOpened: 2,
  CaseApproved: 1,
  EvidenceExported: 1,
  CaseClosed: 1,
};
