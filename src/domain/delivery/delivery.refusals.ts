import type { DeliveryCommand } from './delivery.commands.js';
import type { CommandRefused } from './delivery.events.js';
import { type DeliveryState, isClosed } from './delivery.state.js';

/** Codes of refusals that are recorded as CommandRefused and answered with 422. */
export const REFUSAL = {
  deliveryClosed: 'DELIVERY.CLOSED',
  inCarBlocked: 'DELIVERY.IN_CAR_BLOCKED',
  lockNotConfirmed: 'DELIVERY.LOCK_NOT_CONFIRMED',
  grantWindowInvalid: 'GRANT.INVALID_WINDOW',
  grantAlreadyExpired: 'GRANT.ALREADY_EXPIRED',
  grantOutsideDeliveryWindow: 'GRANT.OUTSIDE_DELIVERY_WINDOW',
  grantScopeMismatch: 'GRANT.SCOPE_MISMATCH',
  unknownCommand: 'OEM.UNKNOWN_COMMAND',
  vendorMismatch: 'OEM.VENDOR_MISMATCH',
  commandKindMismatch: 'OEM.COMMAND_KIND_MISMATCH',
} as const;

export const refuse = (
  command: DeliveryCommand,
  code: string,
  message: string,
): CommandRefused => ({
  type: 'CommandRefused',
  data: { command: command.type, code, message },
});

/** Refuses a command once the delivery is completed or failed. */
export function refusedWhenClosed(
  command: DeliveryCommand,
  state: DeliveryState,
): CommandRefused[] | null {
  return isClosed(state)
    ? [refuse(command, REFUSAL.deliveryClosed, `The delivery is already ${state.phase}`)]
    : null;
}
