import { foldDelivery } from '../../domain/delivery/delivery.evolve.js';
import { type DeliveryEvent, isDeliveryEventType } from '../../domain/delivery/delivery.events.js';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery/delivery.state.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';

/** Stored events back into domain events; a type the domain does not know means a corrupt stream. */
export function toDeliveryEvent(recorded: RecordedEvent): DeliveryEvent {
  if (!isDeliveryEventType(recorded.type)) {
    throw new Error(`Unknown event type ${recorded.type} in ${recorded.metadata.streamId}`);
  }
  return { type: recorded.type, data: recorded.data } as DeliveryEvent;
}

export const foldRecordedDelivery = (history: readonly RecordedEvent[]): DeliveryState =>
  foldDelivery(history.map(toDeliveryEvent), initialDeliveryState());
