import { addSeconds, type Instant, isAfter } from '../../../../domain/shared/instant.js';
import type { TimeRules } from '../../../../domain/shared/time-rules.js';
import type { RecordVendorCommandResult } from '../../../../domain/delivery/delivery.commands.js';
import type {
  DeliveryEvent,
  VendorCommandResultData,
} from '../../../../domain/delivery/delivery.events.js';
import { evolveDelivery } from '../../../../domain/delivery/delivery.evolve.js';
import { REFUSAL, refuse } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import type {
  DeliveryTarget,
  SourceTimeVerdict,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { clockSample, isInFuture, timeRulesOf } from '../../../../domain/delivery/source-clock.js';
import { vendorOutcome } from '../../../../domain/delivery/vendor-outcome.js';
import { refusedForOtherVendor } from '../../../../domain/delivery/vendor-checks.js';

/**
 * What each OnStar lock command secures: `lockDoor` is the central locking of the whole car, trunk
 * included; `lockTrunk` only the trunk. A trunk lock never confirms a cabin delivery.
 */
const GM_LOCK_COVERS: Readonly<Record<string, readonly DeliveryTarget[]>> = {
  lockDoor: ['cabin', 'trunk'],
  lockTrunk: ['trunk'],
};

function timeVerdictOf(
  command: RecordVendorCommandResult,
  rules: TimeRules,
): SourceTimeVerdict | null {
  const { vendorRequestTime, vehicleCompletionTime } = command.data;
  const times = [vendorRequestTime, vehicleCompletionTime].filter((t): t is Instant => t !== null);
  return times.some((t) => isInFuture(command.metadata.now, t, rules))
    ? 'timestamp_in_future'
    : null;
}

/**
 * Where the carmaker's answer is the only status there is (GM), a succeeded lock confirms the lock
 * when the carmaker completed it after it received our lock command, by its own clock; the command
 * covers the delivery's target; the completion is recent; and no closure the ledger saw is open.
 */
function acknowledgesLock(
  command: RecordVendorCommandResult,
  state: DeliveryState,
  result: VendorCommandResultData,
  rules: TimeRules,
): boolean {
  const { commandId, vendorRequestTime, vehicleCompletionTime, vendorCommandName } = command.data;
  if (result.outcome !== 'succeeded' || result.timeVerdict !== null) return false;
  if (vehicleCompletionTime === null || state.lockRequest?.commandId !== commandId) return false;
  const target = state.delivery!.target;
  if (vendorCommandName !== null && !GM_LOCK_COVERS[vendorCommandName]?.includes(target)) {
    return false;
  }
  const anchor = vendorRequestTime ?? state.lockRequest.requestedAt;
  if (!isAfter(vehicleCompletionTime, addSeconds(anchor, -rules.lockAnchorToleranceS))) {
    return false;
  }
  if (clockSample(command.metadata.now, vehicleCompletionTime) > rules.maxStatusAgeS) return false;
  const after = evolveDelivery(state, { type: 'LockCommandResult', data: result });
  return !Object.values(after.closures).some((position) => position === 'open');
}

/**
 * A carmaker's command result is a fact and is recorded in any phase, also for a denied unlock (that
 * is evidence). Where the result is the only status read a carmaker offers (GM), it may confirm the
 * lock, marked as acknowledged by the carmaker rather than observed.
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
    vendorCommandName,
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

  const rules = timeRulesOf(command.metadata);
  const outcome = vendorOutcome(vendor, vendorStatus, {
    now: command.metadata.now,
    vendorRequestTime,
  });
  const carmakerTimes =
    vendorRequestTime === null && vehicleCompletionTime === null
      ? null
      : { requestTime: vendorRequestTime, completionTime: vehicleCompletionTime };
  const data: VendorCommandResultData = {
    commandId,
    vendor,
    vendorStatus,
    outcome,
    raw,
    vendorCommand: vendorCommandName,
    carmakerTimes,
    timeVerdict: timeVerdictOf(command, rules),
  };
  if (vehicleCommand.kind === 'unlock') return [{ type: 'UnlockCommandResult', data }];

  const result: DeliveryEvent = { type: 'LockCommandResult', data };
  if (!acknowledgesLock(command, state, data, rules)) return [result];
  return [
    result,
    {
      type: 'LockConfirmed',
      data: {
        commandId,
        vendor,
        statusTimestamp: vehicleCompletionTime!,
        evidence: 'command_acknowledged',
      },
    },
  ];
}
