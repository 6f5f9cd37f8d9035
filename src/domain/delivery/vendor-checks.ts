import type { DeliveryCommand } from './delivery.commands.js';
import type { CommandRefused } from './delivery.events.js';
import { REFUSAL, refuse } from './delivery.refusals.js';
import type { DeliveryState } from './delivery.state.js';
import type { Vendor } from './delivery.vocabulary.js';

/** A carmaker may only report on deliveries to its own cars. */
export function refusedForOtherVendor(
  command: DeliveryCommand,
  state: DeliveryState,
  vendor: Vendor,
): CommandRefused[] | null {
  const expected = state.delivery!.vendor;
  return vendor === expected
    ? null
    : [
        refuse(
          command,
          REFUSAL.vendorMismatch,
          `This delivery's car is a ${expected}, not a ${vendor}`,
        ),
      ];
}
