import type { DeliveryCommand } from './delivery.commands.js';
import type { CommandRefused } from './delivery.events.js';
import { type DeliveryState, hasAllowedUnlock, isClosed } from './delivery.state.js';

/** Codes of refusals that are recorded as CommandRefused and answered with 422. */
export const REFUSAL = {
  deliveryClosed: 'DELIVERY.CLOSED',
  inCarBlocked: 'DELIVERY.IN_CAR_BLOCKED',
  blockNotYours: 'DELIVERY.BLOCK_NOT_YOURS',
  alreadyUnlocked: 'DELIVERY.ALREADY_UNLOCKED',
  lockNotConfirmed: 'DELIVERY.LOCK_NOT_CONFIRMED',
  noPackage: 'DELIVERY.NO_PACKAGE',
  photoTooLate: 'PHOTO.TOO_LATE',
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

/** Refuses what may happen only until the ledger allowed an unlock (cancelling). */
export function refusedOnceUnlocked(
  command: DeliveryCommand,
  state: DeliveryState,
  message: string,
): CommandRefused[] | null {
  return hasAllowedUnlock(state) ? [refuse(command, REFUSAL.alreadyUnlocked, message)] : null;
}

/** Refuses a command once the delivery is completed, failed or cancelled. */
export function refusedWhenClosed(
  command: DeliveryCommand,
  state: DeliveryState,
): CommandRefused[] | null {
  return isClosed(state)
    ? [refuse(command, REFUSAL.deliveryClosed, `The delivery is already ${state.phase}`)]
    : null;
}
