import type { RecordVendorCommandResult } from '../delivery.commands.js';
import type { DeliveryEvent, VendorCommandResultData } from '../delivery.events.js';
import { evolveDelivery } from '../delivery.evolve.js';
import { REFUSAL, refuse } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';
import { judgeLockStatus, TARGET_CLOSURES } from '../lock-confirmation.js';
import { vendorOutcome } from '../vendor-outcome.js';
import { refusedForOtherVendor } from './vendor-checks.js';

/**
 * A carmaker's command result is a fact and is recorded in any phase, also for a denied unlock (that
 * is evidence). Where the result is the only status read a carmaker offers (GM), a succeeded lock
 * stamped by the car after the lock command confirms the lock, judged on the closures the ledger saw.
 */
export function recordVendorCommandResult(
  command: RecordVendorCommandResult,
  state: DeliveryState,
): DeliveryEvent[] {
  const {
    commandId,
    vendor,
    vendorStatus,
    vendorCommand,
    vendorRequestTime,
    vehicleCompletionTime,
    raw,
  } = command.data;
  const vehicleCommand = state.commands[commandId];
  if (!vehicleCommand) {
    return [refuse(command, REFUSAL.unknownCommand, `No unlock or lock command ${commandId}`)];
  }
  const otherVendor = refusedForOtherVendor(command, state, vendor);
  if (otherVendor) return otherVendor;
  if (vendorCommand !== null && vendorCommand !== vehicleCommand.kind) {
    return [
      refuse(
        command,
        REFUSAL.commandKindMismatch,
        `Command ${commandId} was a request to ${vehicleCommand.kind}; the carmaker reports a result to ${vendorCommand}`,
      ),
    ];
  }

  const outcome = vendorOutcome(vendor, vendorStatus, {
    now: command.metadata.now,
    vendorRequestTime,
  });
  const data: VendorCommandResultData = { commandId, vendor, vendorStatus, outcome, raw };
  if (vehicleCommand.kind === 'unlock') return [{ type: 'UnlockCommandResult', data }];

  const result: DeliveryEvent = { type: 'LockCommandResult', data };
  const confirmsLock =
    outcome === 'succeeded' &&
    vehicleCompletionTime !== null &&
    state.lockRequest?.commandId === commandId;
  if (!confirmsLock) return [result];
  const after = evolveDelivery(state, result);
  // No door status exists: a closure the ledger never saw open counts as closed.
  const neverReported = TARGET_CLOSURES[after.delivery!.target].map((c) => [c, 'closed'] as const);
  const verdict = judgeLockStatus(after, {
    statusTimestamp: vehicleCompletionTime,
    centralLock: 'LOCKED',
    closures: { ...Object.fromEntries(neverReported), ...after.closures },
  });
  return verdict === 'confirmed'
    ? [
        result,
        {
          type: 'LockConfirmed',
          data: { commandId, vendor, statusTimestamp: vehicleCompletionTime },
        },
      ]
    : [result];
}
