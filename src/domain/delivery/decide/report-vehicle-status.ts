import { isAfter } from '../../shared/instant.js';
import type { ReportVehicleStatus } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';
import type { DeliveryState } from '../delivery.state.js';
import { CLOSURES } from '../delivery.vocabulary.js';
import { judgeLockStatus } from '../lock-confirmation.js';
import { refusedForOtherVendor } from './vendor-checks.js';

/** Closure changes the read shows, unless an earlier-stamped read arrived late. */
function closureChanges(command: ReportVehicleStatus, state: DeliveryState): DeliveryEvent[] {
  const { statusTimestamp, closures } = command.data;
  if (state.lastStatusTimestamp !== null && !isAfter(statusTimestamp, state.lastStatusTimestamp)) {
    return [];
  }
  return CLOSURES.flatMap((closure): DeliveryEvent[] => {
    const reported = closures[closure];
    const known = state.closures[closure] ?? 'closed';
    if (reported === 'open' && known === 'closed') {
      return [{ type: 'ClosureOpened', data: { closure, vehicleTimestamp: statusTimestamp } }];
    }
    if (reported === 'closed' && known === 'open') {
      return [{ type: 'ClosureClosed', data: { closure, vehicleTimestamp: statusTimestamp } }];
    }
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
  const lockVerdict = judgeLockStatus(state, command.data);
  const events: DeliveryEvent[] = [
    { type: 'VehicleStatusReported', data: { ...command.data, lockVerdict } },
    ...closureChanges(command, state),
  ];
  if (lockVerdict === 'confirmed') {
    events.push({
      type: 'LockConfirmed',
      data: {
        commandId: state.lockRequest!.commandId,
        vendor: command.data.vendor,
        statusTimestamp: command.data.statusTimestamp,
      },
    });
  }
  return events;
}
