import { addSeconds, isAfter, type Instant, toMillis } from '../shared/instant.js';
import type { TimeRules } from '../shared/time-rules.js';
import type { CarRelocked } from './delivery.events.js';
import type { DeliveryState } from './delivery.state.js';
import type { LockStatusRead } from './lock-confirmation.js';
import { clockOffsetEstimate } from './source-clock.js';
import { mergeReadings, readingsOf } from './status-readings.js';

const latest = (instants: readonly Instant[]) =>
  instants.reduce((a, b) => (toMillis(b) > toMillis(a) ? b : a));
const earliest = (instants: readonly Instant[]) =>
  instants.reduce((a, b) => (toMillis(b) < toMillis(a) ? b : a));

/**
 * Did the car lock itself again after an unlock that opened nothing (its own relock time passed)?
 * Only from a status read that counts, when all of these hold:
 * - the car may stand unlocked (a succeeded or ambiguous unlock since it was last known locked), and
 *   the ledger has asked for no lock since that unlock (a lock it asked for is confirmed, not a relock);
 * - the read's central lock is `LOCKED`, newer than every central lock reading known, and read by the
 *   car after the latest such unlock request (its clock corrected by its estimated offset, plus the
 *   tolerance: a read from about the time of the unlock proves nothing);
 * - nothing moved: no closure fact stamped after the first such unlock (minus the tolerance), none
 *   known open, none open in this read.
 * Then the unlock opened nothing, and the grants it held may be used again.
 */
export function carRelock(
  state: DeliveryState,
  read: LockStatusRead,
  rules: TimeRules,
): CarRelocked | null {
  const unlocks = Object.entries(state.unlockedBy);
  if (unlocks.length === 0) return null;
  const requested = unlocks.map(([, at]) => at);
  const [first, last] = [earliest(requested), latest(requested)];
  if (state.lockRequest && !isAfter(first, state.lockRequest.requestedAt)) return null;

  const lock = readingsOf(read).find(([field]) => field === 'centralLock')?.[1];
  if (lock?.value !== 'LOCKED') return null;
  const known = state.readings.centralLock;
  if (known && !isAfter(lock.at, known.at)) return null;
  const offset = clockOffsetEstimate(state, 'vehicle', rules);
  if (!isAfter(lock.at, addSeconds(last, offset + rules.lockAnchorToleranceS))) return null;

  const since = addSeconds(first, offset - rules.lockAnchorToleranceS);
  const moved = Object.values(state.closureTimes).some((at) => at && isAfter(at, since));
  const open =
    Object.values(state.closures).includes('open') ||
    Object.values(mergeReadings(state.readings, read)).some((r) => r?.value === 'open');
  if (moved || open) return null;

  const unlockCommandIds = unlocks.map(([commandId]) => commandId).sort();
  const grantIds = Object.values(state.grants)
    .filter((g) => g.usedBy !== null && unlockCommandIds.includes(g.usedBy))
    .map((g) => g.grant.grantId)
    .sort();
  return { type: 'CarRelocked', data: { unlockCommandIds, grantIds, statusTimestamp: lock.at } };
}
