import type { Instant } from '../shared/instant.js';
import type { LockRequested } from './delivery.events.js';
import type { DeliveryState } from './delivery.state.js';

/**
 * A lock the ledger asks for itself (the watchdog for a car left unlocked, the customer's block after
 * the unlock): its command id is `{prefix}-{n}`, the first free one, so that deciding it again from
 * the same events gives the same id.
 */
export function ledgerLockRequest(
  state: DeliveryState,
  prefix: string,
  now: Instant,
): LockRequested {
  let n = Object.values(state.commands).filter((c) => c.kind === 'lock').length + 1;
  while (state.commands[`${prefix}-${n}`]) n += 1;
  return { type: 'LockRequested', data: { commandId: `${prefix}-${n}`, requestedAt: now } };
}
