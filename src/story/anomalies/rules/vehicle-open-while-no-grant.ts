import { grantActiveAt, unlockAllowedSinceLock } from '../../delivery-story/delivery-story.js';
import { eventTime, isEvidenceOnly } from '../../delivery-story/ledger-event.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** A door or the trunk opened when no grant allowed anyone in. */
export const vehicleOpenWhileNoGrant: AnomalyRule = {
  code: 'vehicle_open_while_no_grant',
  rule: 'A closure opened while no grant was active, or with no unlock allowed since the last lock',
  detect(before, event) {
    if (event.type !== 'ClosureOpened' || isEvidenceOnly(event)) return null;
    const at = eventTime(event);
    if (grantActiveAt(before, at) && unlockAllowedSinceLock(before)) return null;
    const why = !unlockAllowedSinceLock(before)
      ? 'no unlock was allowed since the last lock'
      : 'no grant was active';
    return finding(this, 'high', `${event.data.closure} opened at ${at}: ${why}`, event);
  },
};
