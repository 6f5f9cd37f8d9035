import type { AllowInCarDelivery } from '../../../../domain/delivery/delivery.commands.js';
import { LiftReasonRequired } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import {
  REFUSAL,
  refuse,
  refusedWhenClosed,
} from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { BLOCKER_NAMES, blockerRoleOf, mayLift } from '../../../../domain/delivery/in-car-block.js';

/**
 * Lifts a block, when the caller may (see mayLift): someone else's attempt is refused and recorded.
 * Grants revoked by the block stay revoked, so a new grant is needed.
 */
export function allowInCarDelivery(
  command: AllowInCarDelivery,
  state: DeliveryState,
): DeliveryEvent[] {
  const lifter = blockerRoleOf(command.metadata.actor);
  const { reason } = command.data;
  if (lifter === 'admin' && reason === null) throw new LiftReasonRequired();
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (!state.inCarBlocked) return [];
  // A block recorded before blocks named their maker was the customer's.
  const blockedBy = state.inCarBlockedBy ?? 'customer';
  if (!mayLift(blockedBy, lifter)) {
    return [
      refuse(
        command,
        REFUSAL.blockNotYours,
        `In-car delivery was blocked by ${BLOCKER_NAMES[blockedBy]}: only ${BLOCKER_NAMES[blockedBy]}, or an admin giving a reason, may lift the block`,
      ),
    ];
  }
  return [
    {
      type: 'InCarDeliveryAllowed',
      data: { customerId: state.delivery!.customerId, liftedBy: lifter, reason },
    },
  ];
}
