import { foldDelivery } from '../../domain/delivery/delivery.evolve.js';
import { type DeliveryState, initialDeliveryState } from '../../domain/delivery/delivery.state.js';
import { fromStoredEvent } from '../../domain/delivery/delivery.upcasters.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';

/** The state of a delivery, folded from its stored events (upcast to the current schema). */
export const foldRecordedDelivery = (history: readonly RecordedEvent[]): DeliveryState =>
  foldDelivery(history.map(fromStoredEvent), initialDeliveryState());
