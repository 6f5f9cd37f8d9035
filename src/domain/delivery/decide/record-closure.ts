import type { RecordClosure } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';

/** What the car or the courier reports about a closure is a fact: recorded in any phase. */
export function recordClosure(command: RecordClosure): DeliveryEvent[] {
  const { closure, state, vehicleTimestamp } = command.data;
  return [
    state === 'opened'
      ? { type: 'ClosureOpened', data: { closure, vehicleTimestamp } }
      : { type: 'ClosureClosed', data: { closure, vehicleTimestamp } },
  ];
}
