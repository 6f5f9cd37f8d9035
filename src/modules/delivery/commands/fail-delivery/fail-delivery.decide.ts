import type { FailDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { revokeActiveGrants } from '../../../../domain/delivery/active-grants.js';

/** A failed delivery cancels every grant still open; locking stays possible. */
export function failDelivery(command: FailDelivery, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  return [
    { type: 'DeliveryFailed', data: command.data },
    ...revokeActiveGrants(state, command.metadata.now, 'cancelled'),
  ];
}
