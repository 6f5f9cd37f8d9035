import type { CancelDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import {
  refusedOnceUnlocked,
  refusedWhenClosed,
} from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { revokeActiveGrants } from '../../../../domain/delivery/active-grants.js';

/** A delivery may be cancelled until the ledger allows an unlock; it revokes the open grants. */
export function cancelDelivery(command: CancelDelivery, state: DeliveryState): DeliveryEvent[] {
  const refused =
    refusedWhenClosed(command, state) ??
    refusedOnceUnlocked(
      command,
      state,
      'The car was already unlocked for this delivery: it can be cancelled only before; fail it instead',
    );
  if (refused) return refused;
  return [
    { type: 'DeliveryCancelled', data: { reason: command.data.reason } },
    ...revokeActiveGrants(state, command.metadata.now, 'cancelled'),
  ];
}
