import type { UnlockDenialReason } from '../../../domain/delivery/delivery.vocabulary.js';
import { type AnomalyCode, type AnomalyRule, finding, type Severity } from '../anomaly.js';

/** A rule raised by one unlock denial reason. */
function deniedFor(
  code: AnomalyCode,
  reason: UnlockDenialReason,
  severity: Severity,
  rule: string,
  words: string,
): AnomalyRule {
  return {
    code,
    rule,
    detect(before, event) {
      if (event.type !== 'UnlockDenied' || event.data.reason !== reason) return null;
      return finding(this, severity, words, event, [
        before.positions[`command:${event.data.commandId}`],
      ]);
    },
  };
}

export const unlockOutsideGeofence = deniedFor(
  'unlock_outside_geofence',
  'outside_geofence',
  'medium',
  'An unlock was requested from outside the grant’s geofence',
  'Unlock requested from outside the geofence',
);

export const nonceReplayed = deniedFor(
  'nonce_replayed',
  'replayed_nonce',
  'high',
  'An unlock request carried a nonce seen before: a replayed request',
  'Unlock request replayed a nonce',
);
