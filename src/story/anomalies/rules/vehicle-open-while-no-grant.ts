import {
  courierSessionAt,
  grantActiveAt,
  unlockAllowedSinceLock,
} from '../../delivery-story/delivery-story.js';
import { eventTime, isEvidenceOnly } from '../../delivery-story/ledger-event.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/**
 * A door or the trunk opened when no grant allowed anyone in. Judged only within a courier's session
 * (a grant live, or an unlock not yet followed by a confirmed lock): outside it, the car is its owner's.
 */
export const vehicleOpenWhileNoGrant: AnomalyRule = {
  code: 'vehicle_open_while_no_grant',
  rule: 'While a grant is live or an unlock awaits its confirmed lock, a closure opened with no unlock allowed since the last lock, or after the grant ended',
  detect(before, event) {
    if (event.type !== 'ClosureOpened' || isEvidenceOnly(event)) return null;
    const at = eventTime(event);
    if (!courierSessionAt(before, event)) return null;
    const unlocked = unlockAllowedSinceLock(before);
    if (grantActiveAt(before, at) && unlocked) return null;
    const why = !unlocked ? 'no unlock was allowed since the last lock' : 'no grant was active';
    return finding(this, 'high', `${event.data.closure} opened at ${at}: ${why}`, event);
  },
};
