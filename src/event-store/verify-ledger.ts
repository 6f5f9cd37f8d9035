import { canonicalEventText, canonicalRecordOf } from './canonical-event.js';
import type { EventStore, RecordedEvent } from './event-store.port.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';

export interface LedgerDivergence {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly eventId: string;
  readonly problem: string;
}

export interface LedgerVerification {
  readonly events: number;
  readonly streams: number;
  /** The first event whose stored hash or place in its stream is not what its bytes and history say. */
  readonly firstDivergence: LedgerDivergence | null;
}

/**
 * Walks the whole stored ledger in global order and recomputes every hash chain link from the events'
 * canonical bytes; stops at the first divergence. Reads through the port, so it checks any store.
 */
export async function verifyLedger(
  store: Pick<EventStore, 'headPosition' | 'readAll'>,
  onProgress: (position: number, head: number) => void = () => undefined,
): Promise<LedgerVerification> {
  const head = await store.headPosition();
  const tips = new Map<string, { revision: number; hash: Buffer }>();
  let events = 0;
  const diverged = (event: RecordedEvent, problem: string): LedgerVerification => ({
    events,
    streams: tips.size,
    firstDivergence: {
      globalPosition: event.metadata.globalPosition,
      streamId: event.metadata.streamId,
      streamRevision: event.metadata.streamRevision,
      eventId: event.metadata.eventId,
      problem,
    },
  });
  for (let position = 0; ;) {
    const page = await store.readAll({ fromPosition: position, maxCount: 2000 });
    for (const event of page.events) {
      const { streamId, streamRevision, hash } = event.metadata;
      const tip = tips.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
      if (streamRevision !== tip.revision + 1) {
        return diverged(
          event,
          `revision ${streamRevision} follows revision ${tip.revision} of its stream`,
        );
      }
      const expected = chainHash(tip.hash, canonicalEventText(canonicalRecordOf(event)));
      if (expected.toString('hex') !== hash) {
        return diverged(
          event,
          `stored hash ${hash} but its bytes and history give ${expected.toString('hex')}`,
        );
      }
      tips.set(streamId, { revision: streamRevision, hash: expected });
      events += 1;
    }
    position = page.nextPosition;
    onProgress(position, Math.max(head, position));
    if (page.isEnd) return { events, streams: tips.size, firstDivergence: null };
  }
}
