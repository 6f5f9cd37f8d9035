import { recordedFromCanonical, rememberCanonicalText } from '../../event-store/canonical-event.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';

export interface EventRow {
  position: string;
  revision: string;
  hash: Buffer;
  canonical: string;
}

export const EVENT_COLUMNS = 'position, revision, hash, canonical';

export function recordedEventFrom(row: EventRow): RecordedEvent {
  return rememberCanonicalText(
    recordedFromCanonical(row.canonical, {
      globalPosition: Number(row.position),
      streamRevision: Number(row.revision),
      hash: row.hash.toString('hex'),
    }),
    row.canonical,
  );
}
