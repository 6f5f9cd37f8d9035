/** How long a case lives and how many deliveries it may cover (KEYTRAIL_CASE_TTL_DAYS, KEYTRAIL_CASE_MAX_DELIVERIES). */
export interface CasePolicy {
  /** Days a case lives after its opening (while pending) or after its last approval. */
  readonly ttlDays: number;
  /** Past this many deliveries, only compliance approves the case. */
  readonly maxDeliveries: number;
}

export const DEFAULT_CASE_POLICY: CasePolicy = { ttlDays: 30, maxDeliveries: 50 };

/**
 * The term given to cases and their legal holds recorded before approvals existed (CaseOpened and
 * LegalHoldPlaced version 1): the default term, from the moment they were recorded.
 */
export const TERM_OF_CASES_BEFORE_APPROVAL_DAYS = 30;

export const DAY_S = 86_400;
