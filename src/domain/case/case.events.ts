import type { DomainEvent } from '../shared/message.js';

/** Stream `case-{caseId}`: an investigation, the deliveries it covers, and when it closed. */
export const caseStreamId = (caseId: string): string => `case-${caseId}`;

export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    caseId: string;
    investigatorId: string;
    deliveryIds: string[];
    /** Whose deliveries they are: each gets a legal hold while the case is open. */
    customerIds: string[];
    reason: string;
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

export type CaseEvent = CaseOpened | EvidenceExported | CaseClosed;
export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_SCHEMA_VERSIONS: Record<CaseEventType, number> = {
  CaseOpened: 1,
  EvidenceExported: 1,
  CaseClosed: 1,
};
