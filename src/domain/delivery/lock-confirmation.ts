import { isAfter } from '../shared/instant.js';
import type { Instant } from '../shared/instant.js';
import type { DeliveryState } from './delivery.state.js';
import type {
  CentralLockState,
  Closure,
  ClosureState,
  DeliveryTarget,
  LockVerdict,
} from './delivery.vocabulary.js';

export interface LockStatusRead {
  readonly statusTimestamp: Instant;
  readonly centralLock: CentralLockState;
  readonly closures: Partial<Record<Closure, ClosureState>>;
}

/** The closures a delivery opens; a read must show these closed, not merely unreported. */
export const TARGET_CLOSURES: Record<DeliveryTarget, readonly Closure[]> = {
  trunk: ['trunk'],
  cabin: ['front_left', 'front_right', 'rear_left', 'rear_right'],
};

/**
 * A lock is confirmed only by a status read stamped after the lock command, showing the central lock
 * LOCKED and every closure closed (the delivery's own closures must be reported, not unknown).
 */
export function judgeLockStatus(state: DeliveryState, read: LockStatusRead): LockVerdict {
  const request = state.lockRequest;
  if (!request) return 'no_lock_request';
  if (state.lockConfirmation?.commandId === request.commandId) return 'already_confirmed';
  if (!isAfter(read.statusTimestamp, request.requestedAt)) return 'status_before_lock_command';
  if (read.centralLock !== 'LOCKED') return 'not_locked';
  if (Object.values(read.closures).some((s) => s === 'open')) return 'closure_open';
  const target = state.delivery ? TARGET_CLOSURES[state.delivery.target] : [];
  if (target.some((closure) => read.closures[closure] !== 'closed')) return 'closure_unknown';
  return 'confirmed';
}
