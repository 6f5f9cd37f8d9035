import type { BlockInCarDelivery } from '../../../../domain/delivery/delivery.commands.js';
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

/** The customer may block in-car delivery at any time until the unlock; it revokes open grants. */
export function blockInCarDelivery(
  command: BlockInCarDelivery,
  state: DeliveryState,
): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (hasAllowedUnlock(state)) {
    return [
      refuse(
        command,
        REFUSAL.alreadyUnlocked,
        'The car was already unlocked for this delivery: in-car delivery can be blocked only before',
      ),
    ];
  }
  if (state.inCarBlocked) return [];
  return [
    {
      type: 'InCarDeliveryBlocked',
      data: { customerId: state.delivery!.customerId, reason: command.data.reason },
    },
    ...revokeActiveGrants(state, command.metadata.now, 'customer_blocked'),
  ];
}
