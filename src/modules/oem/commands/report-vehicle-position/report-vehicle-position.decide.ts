import { isAfter } from '../../../../domain/shared/instant.js';
import type { ReportVehiclePosition } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import type { SourceTimeVerdict } from '../../../../domain/delivery/delivery.vocabulary.js';
import { isInFuture, timeRulesOf } from '../../../../domain/delivery/source-clock.js';
import { refusedForOtherVendor } from '../../../../domain/delivery/vendor-checks.js';

/** Why a position is not the car's latest: stamped too far ahead, or not later than the one known. */
function timeVerdictOf(
  command: ReportVehiclePosition,
  state: DeliveryState,
): SourceTimeVerdict | null {
  const { positionAt } = command.data;
  if (isInFuture(command.metadata.now, positionAt, timeRulesOf(command.metadata))) {
    return 'timestamp_in_future';
  }
  const known = state.vehiclePosition;
  return known !== null && !isAfter(positionAt, known.at) ? 'superseded' : null;
}

/** Where the car says it is: a fact, recorded in any phase; the unlock rule uses it while fresh. */
export function reportVehiclePosition(
  command: ReportVehiclePosition,
  state: DeliveryState,
): DeliveryEvent[] {
  return (
    refusedForOtherVendor(command, state, command.data.vendor) ?? [
      {
        type: 'VehiclePositionReported',
        data: { ...command.data, timeVerdict: timeVerdictOf(command, state) },
      },
    ]
  );
}
