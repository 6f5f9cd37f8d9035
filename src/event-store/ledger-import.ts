import type { RecordedEvent } from './event-store.port.js';

/**
 * A store that can take events recorded by another store exactly as they are: same ids, envelope
 * (recordedAt included), streams, revisions and hashes, in the order given. Events already there (the
 * same id at the same revision) are passed over, so an interrupted copy can be resumed. Used to move
 * the ledger between stores; the global positions are the target's own.
 */
export interface LedgerImporter {
  importEvents(events: readonly RecordedEvent[]): Promise<void>;
}

export class ImportMismatchError extends Error {
  constructor(event: RecordedEvent, problem: string) {
    super(
      `Cannot import ${event.metadata.eventId} (${event.metadata.streamId}@${event.metadata.streamRevision}): ${problem}`,
    );
    this.name = 'ImportMismatchError';
  }
}
