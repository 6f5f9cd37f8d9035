import type { BlockInCarDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import {
  type DeliveryState,
  hasAllowedUnlock,
} from '../../../../domain/delivery/delivery.state.js';
import { revokeActiveGrants } from '../../../../domain/delivery/active-grants.js';
import { blockerRoleOf } from '../../../../domain/delivery/in-car-block.js';
import { ledgerLockRequest } from '../../../../domain/delivery/ledger-lock-request.js';

/**
 * The customer (or the delivery service, or an admin) may block in-car delivery at any time while it
 * is open; it revokes open grants. After the unlock it also stops the delivery in progress: it asks
 * for the car to be locked. The block names who made it: theirs, or an admin's, to lift.
 */
export function blockInCarDelivery(
  command: BlockInCarDelivery,
  state: DeliveryState,
): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (state.inCarBlocked) return [];
  const { now } = command.metadata;
  return [
    {
      type: 'InCarDeliveryBlocked',
      data: {
        customerId: state.delivery!.customerId,
        reason: command.data.reason,
        blockedBy: blockerRoleOf(command.metadata.actor),
      },
    },
    ...revokeActiveGrants(state, now, 'customer_blocked'),
    ...(hasAllowedUnlock(state) ? [ledgerLockRequest(state, 'block-lock', now)] : []),
  ];
}
