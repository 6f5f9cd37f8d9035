import { createHash } from 'node:crypto';

import { parseCheckpoint } from '../verifier/checkpoint.js';
import { openNote, parseVerifierKey } from '../verifier/signed-note.js';
import { canonicalEventText, canonicalRecordOf } from './canonical-event.js';
import type { EventStore, StoredEventBytes } from './event-store.port.js';
import { GENESIS_HASH } from './hash-chain.js';

export interface LedgerDivergence {
  /** The event it is about (absent for a checkpoint whose signature fails on its own). */
  readonly globalPosition?: number;
  readonly streamId?: string;
  readonly streamRevision?: number;
  readonly eventId?: string;
  /** The signed checkpoint it is about, by tree size. */
  readonly checkpoint?: number;
  readonly problem: string;
}

export interface LedgerVerification {
  readonly events: number;
  readonly streams: number;
  /** Leaves compared with the stored Merkle tree, and signed checkpoints whose roots were recomputed. */
  readonly leavesCompared: number;
  readonly checkpointsVerified: number;
  /** The first thing whose stored hash, place or signature is not what the bytes and history say. */
  readonly firstDivergence: LedgerDivergence | null;
}

/** The stored tree's leaves, in leaf order: what the sequencer hashed for each event. */
export interface StoredLeaves {
  read(
    fromIndex: number,
    maxCount: number,
  ): Promise<{ index: number; hash: Buffer; globalPosition: number }[]>;
}

export interface SignedCheckpoints {
  readonly list: readonly { treeSize: number; rootHash: Buffer; note: string }[];
  /** The keys the notes must be signed with (current and retired). */
  readonly verifierKeys: readonly string[];
}

export interface VerifyLedgerOptions {
  readonly onProgress?: (position: number, head: number) => void;
  readonly tree?: StoredLeaves;
  readonly checkpoints?: SignedCheckpoints;
  readonly pageSize?: number;
}

type Reader = Pick<EventStore, 'headPosition' | 'readAll'> &
  Partial<Pick<EventStore, 'readCanonical'>>;

const ZERO = Buffer.from([0]);
const ONE = Buffer.from([1]);

/** The stored bytes page by page: straight from the store when it keeps them, else re-canonicalised. */
async function readBytes(store: Reader, fromPosition: number, maxCount: number) {
  if (store.readCanonical) return store.readCanonical({ fromPosition, maxCount });
  const page = await store.readAll({ fromPosition, maxCount });
  const events: StoredEventBytes[] = page.events.map((event) => ({
    globalPosition: event.metadata.globalPosition,
    streamId: event.metadata.streamId,
    streamRevision: event.metadata.streamRevision,
    eventId: event.metadata.eventId,
    canonical: canonicalEventText(canonicalRecordOf(event)),
    hash: event.metadata.hash,
  }));
  return { events, nextPosition: page.nextPosition, isEnd: page.isEnd };
}

/**
 * Walks the whole stored ledger in global order: recomputes every hash chain link from the events'
 * canonical bytes, every Merkle leaf (compared with the stored tree, when given) and the root at every
 * signed checkpoint (whose signature is checked); stops at the first divergence and names it.
 */
export async function verifyLedger(
  store: Reader,
  options: VerifyLedgerOptions = {},
): Promise<LedgerVerification> {
  const pageSize = options.pageSize ?? 5000;
  const head = await store.headPosition();
  const tips = new Map<string, { revision: number; hash: Buffer }>();
  const keys = (options.checkpoints?.verifierKeys ?? []).map(parseVerifierKey);
  const checkpoints = [...(options.checkpoints?.list ?? [])].sort(
    (a, b) => a.treeSize - b.treeSize,
  );
  let nextCheckpoint = 0;
  /** The compact range: roots of the complete subtrees of the leaves so far, largest first. */
  const range: { size: number; hash: Buffer }[] = [];
  let events = 0;
  let leavesCompared = 0;
  let checkpointsVerified = 0;
  let stored: { index: number; hash: Buffer; globalPosition: number }[] = [];
  let storedAt = 0;
  let treeEnded = !options.tree;

  const result = (firstDivergence: LedgerDivergence | null): LedgerVerification => ({
    events,
    streams: tips.size,
    leavesCompared,
    checkpointsVerified,
    firstDivergence,
  });
  const at = (event: StoredEventBytes, problem: string): LedgerVerification =>
    result({
      globalPosition: event.globalPosition,
      streamId: event.streamId,
      streamRevision: event.streamRevision,
      eventId: event.eventId,
      problem,
    });
  const root = (): Buffer => {
    let hash = range.at(-1)!.hash;
    for (let i = range.length - 2; i >= 0; i -= 1)
      hash = createHash('sha256').update(ONE).update(range[i]!.hash).update(hash).digest();
    return hash;
  };
  const checkCheckpoint = (
    checkpoint: (typeof checkpoints)[number],
    last: StoredEventBytes | null,
  ) => {
    try {
      const text = openNote(checkpoint.note, keys).text;
      const parsed = parseCheckpoint(text);
      if (
        parsed.size !== checkpoint.treeSize ||
        !Buffer.from(parsed.rootHash).equals(checkpoint.rootHash)
      )
        return `its signed text says size ${parsed.size}, not what is stored beside it`;
    } catch (error) {
      return `its signature does not verify with the log's keys: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (last && !root().equals(checkpoint.rootHash))
      return `the ledger's first ${checkpoint.treeSize} events give root ${root().toString('hex')}, not the signed ${checkpoint.rootHash.toString('hex')}`;
    return null;
  };

  for (let position = 0; ;) {
    const page = await readBytes(store, position, pageSize);
    for (const event of page.events) {
      const tip = tips.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      if (event.streamRevision !== tip.revision + 1)
        return at(
          event,
          `revision ${event.streamRevision} follows revision ${tip.revision} of its stream`,
        );
      const bytes = Buffer.from(event.canonical, 'utf8');
      const expected = createHash('sha256').update(tip.hash).update(bytes).digest();
      if (expected.toString('hex') !== event.hash)
        return at(
          event,
          `stored hash ${event.hash} but its bytes and history give ${expected.toString('hex')}`,
        );
      tips.set(event.streamId, { revision: event.streamRevision, hash: expected });

      // The Merkle leaf: compared with what the sequencer stored for this index.
      const index = events;
      const leaf = createHash('sha256').update(ZERO).update(bytes).digest();
      if (!treeEnded) {
        if (storedAt >= stored.length) {
          stored = await options.tree!.read(index, pageSize);
          storedAt = 0;
          if (stored.length === 0) treeEnded = true;
        }
        const sequenced = stored[storedAt];
        if (sequenced) {
          storedAt += 1;
          if (sequenced.index !== index || sequenced.globalPosition !== event.globalPosition)
            return at(
              event,
              `leaf ${index} of the tree is the event at position ${sequenced.globalPosition}, but the ledger has this one there`,
            );
          if (!sequenced.hash.equals(leaf))
            return at(
              event,
              `leaf ${index} was sequenced as ${sequenced.hash.toString('hex')}; the event's bytes now give ${leaf.toString('hex')}`,
            );
          leavesCompared += 1;
        }
      }
      let size = 1;
      let hash = leaf;
      while (range.length > 0 && range.at(-1)!.size === size) {
        hash = createHash('sha256').update(ONE).update(range.pop()!.hash).update(hash).digest();
        size *= 2;
      }
      range.push({ size, hash });
      events += 1;

      while (checkpoints[nextCheckpoint]?.treeSize === events) {
        const checkpoint = checkpoints[nextCheckpoint]!;
        const problem = checkCheckpoint(checkpoint, event);
        if (problem)
          return result({
            ...at(event, problem).firstDivergence!,
            checkpoint: checkpoint.treeSize,
          });
        checkpointsVerified += 1;
        nextCheckpoint += 1;
      }
    }
    position = page.nextPosition;
    options.onProgress?.(position, Math.max(head, position));
    if (page.isEnd) break;
  }
  // Checkpoints of more events than the ledger holds: the ledger lost events.
  const beyond = checkpoints[nextCheckpoint];
  if (beyond) {
    return result({
      checkpoint: beyond.treeSize,
      problem: `a checkpoint was signed for ${beyond.treeSize} events, but the ledger holds ${events}`,
    });
  }
  return result(null);
}
