import type { CancelDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import {
  REFUSAL,
  refuse,
  refusedWhenClosed,
} from '../../../../domain/delivery/delivery.refusals.js';
import {
  type DeliveryState,
  hasAllowedUnlock,
} from '../../../../domain/delivery/delivery.state.js';
import { revokeActiveGrants } from '../../../../domain/delivery/active-grants.js';

/** A delivery may be cancelled until the ledger allows an unlock; it revokes the open grants. */
export function cancelDelivery(command: CancelDelivery, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (hasAllowedUnlock(state)) {
    return [
      refuse(
        command,
        REFUSAL.alreadyUnlocked,
        'The car was already unlocked for this delivery: it can be cancelled only before; fail it instead',
      ),
    ];
  }
  return [
    { type: 'DeliveryCancelled', data: { reason: command.data.reason } },
    ...revokeActiveGrants(state, command.metadata.now, 'cancelled'),
  ];
}
