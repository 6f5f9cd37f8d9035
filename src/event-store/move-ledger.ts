import type { EventStore } from './event-store.port.js';
import type { LedgerImporter } from './ledger-import.js';

export interface MoveCheckpoint {
  load(): Promise<number>;
  save(position: number): Promise<void>;
}

/**
 * Copies the ledger from one store to another in global order, page by page, saving after each page
 * where it got to in the source: an interrupted move resumes there (the target passes over what it
 * already has). Streams, revisions, event ids, envelopes and hashes are kept; positions are the target's.
 */
export async function moveLedger(
  source: EventStore,
  target: LedgerImporter,
  checkpoint: MoveCheckpoint,
  onProgress: (position: number, head: number) => void = () => undefined,
  pageSize = 1000,
): Promise<number> {
  const head = await source.headPosition();
  let position = await checkpoint.load();
  let moved = 0;
  for (;;) {
    const page = await source.readAll({ fromPosition: position, maxCount: pageSize });
    if (page.events.length > 0) await target.importEvents(page.events);
    moved += page.events.length;
    position = page.nextPosition;
    await checkpoint.save(position);
    onProgress(position, Math.max(head, position));
    if (page.isEnd) return moved;
  }
}
