import { fromStoredEvent } from '../../domain/delivery/delivery.upcasters.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';
import type { LedgerEvent } from './ledger-event.js';

export const isDeliveryStream = (event: RecordedEvent): boolean =>
  event.metadata.streamId.startsWith('delivery-');

/** A stored delivery event in the current schema, with its envelope. */
export const toLedgerEvent = (recorded: RecordedEvent): LedgerEvent => ({
  ...fromStoredEvent(recorded),
  metadata: recorded.metadata,
});
