import type { CompleteDelivery } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import {
  REFUSAL,
  refuse,
  refusedWhenClosed,
} from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

/** Only a lock confirmation that still holds, and a package placed, let a delivery complete. */
export function completeDelivery(command: CompleteDelivery, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  const confirmation = state.lockConfirmation;
  if (!confirmation) {
    return [
      refuse(
        command,
        REFUSAL.lockNotConfirmed,
        'The car has not confirmed it is locked with every closure closed',
      ),
    ];
  }
  if (Object.keys(state.packages).length === 0) {
    return [
      refuse(
        command,
        REFUSAL.noPackage,
        'No package was placed: a delivery without a package cannot complete; fail it instead',
      ),
    ];
  }
  return [
    {
      type: 'DeliveryCompleted',
      data: {
        lockCommandId: confirmation.commandId,
        lockConfirmedAt: confirmation.statusTimestamp,
      },
    },
  ];
}
