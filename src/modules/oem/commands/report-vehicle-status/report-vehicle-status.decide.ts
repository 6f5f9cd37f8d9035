import { isAfter } from '../../../../domain/shared/instant.js';
import type { ReportVehicleStatus } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import {
  CLOSURES,
  EVIDENCE_ONLY_VERDICTS,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { carRelock } from '../../../../domain/delivery/car-relock.js';
import { judgeLockStatus } from '../../../../domain/delivery/lock-confirmation.js';
import { timeRulesOf } from '../../../../domain/delivery/source-clock.js';
import { refusedForOtherVendor } from '../../../../domain/delivery/vendor-checks.js';

/** Closure changes the read shows, each judged by its own time against what is known of it. */
function closureChanges(command: ReportVehicleStatus, state: DeliveryState): DeliveryEvent[] {
  const { statusTimestamp, closures, fieldTimes } = command.data;
  return CLOSURES.flatMap((closure): DeliveryEvent[] => {
    const vehicleTimestamp = fieldTimes[closure] ?? statusTimestamp;
    const knownAt = state.closureTimes[closure];
    if (knownAt !== undefined && !isAfter(vehicleTimestamp, knownAt)) return [];
    const reported = closures[closure];
    const known = state.closures[closure] ?? 'closed';
    const fact = { closure, vehicleTimestamp, timeVerdict: null };
    if (reported === 'open' && known === 'closed') return [{ type: 'ClosureOpened', data: fact }];
    if (reported === 'closed' && known === 'open') return [{ type: 'ClosureClosed', data: fact }];
    return [];
  });
}

/** A status read is recorded with its verdict; it confirms the lock when the rules say so. */
export function reportVehicleStatus(
  command: ReportVehicleStatus,
  state: DeliveryState,
): DeliveryEvent[] {
  const otherVendor = refusedForOtherVendor(command, state, command.data.vendor);
  if (otherVendor) return otherVendor;
  const rules = timeRulesOf(command.metadata);
  const { verdict, judgement } = judgeLockStatus(state, command.data, command.metadata.now, rules);
  const events: DeliveryEvent[] = [
    { type: 'VehicleStatusReported', data: { ...command.data, lockVerdict: verdict, judgement } },
    ...(EVIDENCE_ONLY_VERDICTS.has(verdict) ? [] : closureChanges(command, state)),
  ];
  // A lock the ledger asked for is confirmed; only a read that confirms nothing may show a relock.
  const relocked =
    EVIDENCE_ONLY_VERDICTS.has(verdict) || verdict === 'confirmed'
      ? null
      : carRelock(state, command.data, rules);
  if (relocked) events.push(relocked);
  if (verdict === 'confirmed') {
    events.push({
      type: 'LockConfirmed',
      data: {
        commandId: state.lockRequest!.commandId,
        vendor: command.data.vendor,
        statusTimestamp: command.data.statusTimestamp,
        evidence: 'status_observed',
      },
    });
  }
  return events;
}
