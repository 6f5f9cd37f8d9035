import { type DeliveryStory, tellStory, withAnomalies } from '../delivery-story/delivery-story.js';
import type { LedgerEvent } from '../delivery-story/ledger-event.js';
import type { AnomalyFinding, AnomalyRule } from './anomaly.js';
import { ambiguousVendorResult } from './rules/ambiguous-vendor-result.js';
import { clockSkew, skewOf } from './rules/clock-skew.js';
import { carLeftUnlocked } from './rules/car-left-unlocked.js';
import { nonceReplayed, unlockOutsideGeofence } from './rules/denied-unlocks.js';
import { grantReused } from './rules/grant-reused.js';
import { futureTimestamp } from './rules/future-timestamp.js';
import { lockNotConfirmed } from './rules/lock-not-confirmed.js';
import { packagesMissing } from './rules/packages-missing.js';
import { photoMissing } from './rules/photo-missing.js';
import { photoOutsideSession } from './rules/photo-outside-session.js';
import { staleLockConfirmation } from './rules/stale-lock-confirmation.js';
import { unlockOutsideWindow } from './rules/unlock-outside-window.js';
import { unlockWithoutGrant } from './rules/unlock-without-grant.js';
import { vehicleOpenWhileNoGrant } from './rules/vehicle-open-while-no-grant.js';

/**
 * Every delivery anomaly rule of PRODUCT.md that one delivery's story shows: the anomalies projection
 * raises excessive_personal_data_access from access streams, photo_reused from the drops of every
 * delivery, overlapping_grants from a car's deliveries.
 */
export const ANOMALY_RULES: readonly AnomalyRule[] = [
  unlockWithoutGrant,
  unlockOutsideWindow,
  unlockOutsideGeofence,
  grantReused,
  nonceReplayed,
  lockNotConfirmed,
  staleLockConfirmation,
  vehicleOpenWhileNoGrant,
  ambiguousVendorResult,
  photoOutsideSession,
  clockSkew,
  futureTimestamp,
  photoMissing,
  packagesMissing,
  carLeftUnlocked,
];

export interface StoryStep {
  readonly before: DeliveryStory;
  readonly after: DeliveryStory;
  readonly findings: readonly AnomalyFinding[];
}

/** One event of a delivery: the story after it, and what every rule found in it. */
export function nextStep(before: DeliveryStory, event: LedgerEvent): StoryStep {
  const told = tellStory(before, event);
  const findings = ANOMALY_RULES.flatMap((rule) => rule.detect(before, event, told) ?? []);
  const skewed = findings.some((f) => f.code === 'clock_skew')
    ? { source: event.metadata.source, at: event.metadata.recordedAt, skewS: skewOf(event)! }
    : null;
  return {
    before,
    after: withAnomalies(
      told,
      findings.map((f) => f.code),
      skewed,
    ),
    findings,
  };
}
