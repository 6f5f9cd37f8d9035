import { isAfter } from '../../../../domain/shared/instant.js';
import type { RecordClosure } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import type { SourceTimeVerdict } from '../../../../domain/delivery/delivery.vocabulary.js';
import { attributed, attributionOf, isHistory } from '../../../../domain/delivery/hand-back.js';
import { isInFuture, timeRulesOf } from '../../../../domain/delivery/source-clock.js';

/**
 * Why a closure fact may change no state: stamped too far ahead of the ledger's clock, or not later
 * than what is already known of that closure, or than the lock confirmation that holds or that the
 * car was handed back with (it is history).
 */
function timeVerdictOf(command: RecordClosure, state: DeliveryState): SourceTimeVerdict | null {
  const { closure, vehicleTimestamp } = command.data;
  if (isInFuture(command.metadata.now, vehicleTimestamp, timeRulesOf(command.metadata))) {
    return 'timestamp_in_future';
  }
  const knownAt = state.closureTimes[closure];
  if (knownAt !== undefined && !isAfter(vehicleTimestamp, knownAt)) return 'superseded';
  if (isHistory(state, vehicleTimestamp)) return 'superseded';
  return null;
}

/**
 * What the car or the courier reports about a closure is a fact: recorded in any phase. Once the
 * delivery is handed back, a later one is the owner's own use.
 */
export function recordClosure(command: RecordClosure, state: DeliveryState): DeliveryEvent[] {
  const { closure, state: position, vehicleTimestamp } = command.data;
  const timeVerdict = timeVerdictOf(command, state);
  const data = {
    closure,
    vehicleTimestamp,
    timeVerdict,
    ...attributed(timeVerdict ? null : attributionOf(state, vehicleTimestamp)),
  };
  return [
    position === 'opened' ? { type: 'ClosureOpened', data } : { type: 'ClosureClosed', data },
  ];
}
