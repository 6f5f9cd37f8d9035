import type { DeliveryStory } from '../delivery-story/delivery-story.js';
import type { LedgerEvent } from '../delivery-story/ledger-event.js';

export const ANOMALY_CODES = [
  'unlock_without_grant',
  'unlock_outside_window',
  'unlock_outside_geofence',
  'grant_reused',
  'nonce_replayed',
  'lock_not_confirmed',
  'stale_lock_confirmation',
  'vehicle_open_while_no_grant',
  'ambiguous_vendor_result',
  'photo_outside_session',
  'clock_skew',
  'future_timestamp',
  'photo_missing',
  'packages_missing',
  'photo_reused',
  'overlapping_grants',
  'excessive_personal_data_access',
  'car_left_unlocked',
] as const;
export type AnomalyCode = (typeof ANOMALY_CODES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What one rule found in one event: the code, how bad, why, and the events that show it. */
export interface AnomalyFinding {
  readonly code: AnomalyCode;
  readonly severity: Severity;
  readonly reason: string;
  /** Global positions of the events that triggered it, the current one last. */
  readonly evidence: readonly number[];
}

/** A rule sees the delivery's story before and after the event, never a clock: replays agree. */
export interface AnomalyRule {
  readonly code: AnomalyCode;
  /** The rule in one sentence, shown with every anomaly it raises. */
  readonly rule: string;
  detect(before: DeliveryStory, event: LedgerEvent, after: DeliveryStory): AnomalyFinding | null;
}

export const finding = (
  rule: AnomalyRule,
  severity: Severity,
  reason: string,
  event: LedgerEvent,
  earlier: readonly (number | undefined)[] = [],
): AnomalyFinding => ({
  code: rule.code,
  severity,
  reason,
  evidence: [
    ...earlier.filter((p): p is number => p !== undefined && p !== event.metadata.globalPosition),
    event.metadata.globalPosition,
  ],
});
