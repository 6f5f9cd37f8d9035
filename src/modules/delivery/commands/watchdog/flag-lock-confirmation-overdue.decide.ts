import { addSeconds, isAfter } from '../../../../domain/shared/instant.js';
import type { FlagLockConfirmationOverdue } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { handBackAt } from '../../../../domain/delivery/hand-back.js';
import { LOCK_CONFIRMATION_DUE_SECONDS } from '../../../../domain/delivery/lock-confirmation.js';

/**
 * The watchdog records that 120 s passed after the last closure closed with no lock confirmation —
 * within the courier's session: never after the delivery was handed back with its lock confirmed.
 */
export function flagLockConfirmationOverdue(
  command: FlagLockConfirmationOverdue,
  state: DeliveryState,
): DeliveryEvent[] {
  const lastClosedAt = state.lastClosureClosedAt;
  if (lastClosedAt === null || state.lockConfirmation !== null) return [];
  // Handed back with its lock confirmed: the owner's own use owes no confirmation.
  if (handBackAt(state) !== null) return [];
  if (state.overdueFlaggedFor === lastClosedAt) return [];
  const dueAt = addSeconds(lastClosedAt, LOCK_CONFIRMATION_DUE_SECONDS);
  if (isAfter(dueAt, command.metadata.now)) return [];
  return [{ type: 'LockConfirmationOverdue', data: { lastClosedAt, dueAt } }];
}
