import type { AllowInCarDelivery } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';

/** Lifts a block; grants revoked by the block stay revoked, so a new grant is needed. */
export function allowInCarDelivery(
  command: AllowInCarDelivery,
  state: DeliveryState,
): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (!state.inCarBlocked) return [];
  return [{ type: 'InCarDeliveryAllowed', data: { customerId: state.delivery!.customerId } }];
}
