import { isAfter } from '../../../../domain/shared/instant.js';
import type { RecordClosure } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import type { SourceTimeVerdict } from '../../../../domain/delivery/delivery.vocabulary.js';
import { isInFuture, timeRulesOf } from '../../../../domain/delivery/source-clock.js';

/**
 * Why a closure fact may change no state: stamped too far ahead of the ledger's clock, or not later
 * than what is already known of that closure, or than the lock confirmation that holds (it is history).
 */
function timeVerdictOf(command: RecordClosure, state: DeliveryState): SourceTimeVerdict | null {
  const { closure, vehicleTimestamp } = command.data;
  if (isInFuture(command.metadata.now, vehicleTimestamp, timeRulesOf(command.metadata))) {
    return 'timestamp_in_future';
  }
  const knownAt = state.closureTimes[closure];
  if (knownAt !== undefined && !isAfter(vehicleTimestamp, knownAt)) return 'superseded';
  const confirmation = state.lockConfirmation;
  if (confirmation && !isAfter(vehicleTimestamp, confirmation.statusTimestamp)) return 'superseded';
  return null;
}

/** What the car or the courier reports about a closure is a fact: recorded in any phase. */
export function recordClosure(command: RecordClosure, state: DeliveryState): DeliveryEvent[] {
  const { closure, state: position, vehicleTimestamp } = command.data;
  const data = { closure, vehicleTimestamp, timeVerdict: timeVerdictOf(command, state) };
  return [
    position === 'opened' ? { type: 'ClosureOpened', data } : { type: 'ClosureClosed', data },
  ];
}
