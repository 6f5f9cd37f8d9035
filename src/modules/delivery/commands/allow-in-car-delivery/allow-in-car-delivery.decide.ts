import type { AllowInCarDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

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
