import { isAfter } from '../../../../domain/shared/instant.js';
import type { ReportVehicleStatus } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import {
  CLOSURES,
  EVIDENCE_ONLY_VERDICTS,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { carRelock } from '../../../../domain/delivery/car-relock.js';
import { attributed, attributionOf, isHistory } from '../../../../domain/delivery/hand-back.js';
import { judgeLockStatus } from '../../../../domain/delivery/lock-confirmation.js';
import { timeRulesOf } from '../../../../domain/delivery/source-clock.js';
import { refusedForOtherVendor } from '../../../../domain/delivery/vendor-checks.js';

/**
 * Closure changes the read shows, each judged by its own time against what is known of it; one read
 * no later than the lock confirmation (held, or handed back with) is history and changes nothing.
 */
function closureChanges(command: ReportVehicleStatus, state: DeliveryState): DeliveryEvent[] {
  const { statusTimestamp, closures, fieldTimes } = command.data;
  return CLOSURES.flatMap((closure): DeliveryEvent[] => {
    const vehicleTimestamp = fieldTimes[closure] ?? statusTimestamp;
    const knownAt = state.closureTimes[closure];
    if (knownAt !== undefined && !isAfter(vehicleTimestamp, knownAt)) return [];
    if (isHistory(state, vehicleTimestamp)) return [];
    const reported = closures[closure];
    const known = state.closures[closure] ?? 'closed';
    const fact = {
      closure,
      vehicleTimestamp,
      timeVerdict: null,
      ...attributed(attributionOf(state, vehicleTimestamp)),
    };
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
  const evidenceOnly = EVIDENCE_ONLY_VERDICTS.has(verdict);
  const owners = evidenceOnly ? null : attributionOf(state, command.data.statusTimestamp);
  const events: DeliveryEvent[] = [
    {
      type: 'VehicleStatusReported',
      data: { ...command.data, lockVerdict: verdict, judgement, ...attributed(owners) },
    },
    ...(evidenceOnly ? [] : closureChanges(command, state)),
  ];
  // A lock the ledger asked for is confirmed; only a read that confirms nothing may show a relock.
  const relocked =
    evidenceOnly || verdict === 'confirmed' ? null : carRelock(state, command.data, rules);
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
