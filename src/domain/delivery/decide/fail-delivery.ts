import type { FailDelivery } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';
import { revokeActiveGrants } from './active-grants.js';

/** A failed delivery cancels every grant still open; locking stays possible. */
export function failDelivery(command: FailDelivery, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  return [
    { type: 'DeliveryFailed', data: command.data },
    ...revokeActiveGrants(state, command.metadata.now, 'cancelled'),
  ];
}
