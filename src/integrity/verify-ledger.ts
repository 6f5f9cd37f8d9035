import { createHash, hash } from 'node:crypto';

import { parseCheckpoint } from '../verifier/checkpoint.js';
import { openNote, parseVerifierKey } from '../verifier/signed-note.js';
import { canonicalEventText, canonicalRecordOf } from '../event-store/canonical-event.js';
import type { CanonicalEventBytes, EventStore } from '../event-store/event-store.port.js';
import { GENESIS_HASH } from '../event-store/hash-chain.js';

export interface LedgerDivergence {
  /** The event it is about (absent for a checkpoint beyond the ledger). */
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

/** Leaves `fromIndex`.. of the stored tree, packed: 32-byte hashes and 8-byte big-endian positions. */
export interface StoredLeafPage {
  readonly fromIndex: number;
  readonly count: number;
  readonly hashes: Buffer;
  readonly positions: Buffer;
}

/** The stored tree's leaves, in leaf order: what the sequencer hashed for each event. */
export interface StoredLeaves {
  read(fromIndex: number, maxCount: number): Promise<StoredLeafPage>;
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
  Partial<Pick<EventStore, 'scanCanonical'>>;

const ZERO = Buffer.from([0]);
const sha256 = (data: Buffer): Buffer => hash('sha256', data, 'buffer');

/** The stored bytes batch by batch: straight from the store when it can, else re-canonicalised. */
async function* scan(
  store: Reader,
  pageSize: number,
): AsyncGenerator<readonly CanonicalEventBytes[]> {
  if (store.scanCanonical) {
    yield* store.scanCanonical(0);
    return;
  }
  for (let position = 0; ;) {
    const page = await store.readAll({ fromPosition: position, maxCount: pageSize });
    yield page.events.map((event) => ({
      globalPosition: event.metadata.globalPosition,
      streamId: event.metadata.streamId,
      streamRevision: event.metadata.streamRevision,
      eventId: event.metadata.eventId,
      bytes: Buffer.from(canonicalEventText(canonicalRecordOf(event)), 'utf8'),
      hash: Buffer.from(event.metadata.hash, 'hex'),
      prefixRoom: 0,
    }));
    position = page.nextPosition;
    if (page.isEnd) return;
  }
}

/** SHA-256(prefix || bytes): written in place when the bytes have room before them, else streamed. */
function prefixedHash(prefix: Buffer, event: CanonicalEventBytes): Buffer {
  const { bytes } = event;
  if (event.prefixRoom >= prefix.length) {
    const view = Buffer.from(
      bytes.buffer,
      bytes.byteOffset - prefix.length,
      bytes.length + prefix.length,
    );
    prefix.copy(view, 0);
    return sha256(view);
  }
  return createHash('sha256').update(prefix).update(bytes).digest();
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
  const leafPage = Math.max(pageSize, 20_000);
  const readLeaves = (from: number) => {
    const page = options.tree!.read(from, leafPage);
    page.catch(() => undefined); // awaited when reached; an early return must not leave it unhandled
    return page;
  };
  /** The page being compared, and the next one already on its way. */
  let stored: StoredLeafPage | null = null;
  let nextStored = options.tree ? readLeaves(0) : null;
  let treeEnded = !options.tree;
  /** SHA-256(0x01 || left || right) without allocating the input each time. */
  const pair = Buffer.alloc(65);
  pair[0] = 1;
  const nodeHash = (left: Buffer, right: Buffer): Buffer => {
    left.copy(pair, 1);
    right.copy(pair, 33);
    return sha256(pair);
  };

  const result = (firstDivergence: LedgerDivergence | null): LedgerVerification => ({
    events,
    streams: tips.size,
    leavesCompared,
    checkpointsVerified,
    firstDivergence,
  });
  const about = (event: CanonicalEventBytes, problem: string): LedgerDivergence => ({
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    eventId: event.eventId,
    problem,
  });
  const root = (): Buffer => {
    let node = range.at(-1)!.hash;
    for (let i = range.length - 2; i >= 0; i -= 1) node = nodeHash(range[i]!.hash, node);
    return node;
  };
  const checkCheckpoint = (checkpoint: (typeof checkpoints)[number]): string | null => {
    try {
      const parsed = parseCheckpoint(openNote(checkpoint.note, keys).text);
      if (
        parsed.size !== checkpoint.treeSize ||
        !Buffer.from(parsed.rootHash).equals(checkpoint.rootHash)
      )
        return `its signed text says size ${parsed.size}, not what is stored beside it`;
    } catch (error) {
      return `its signature does not verify with the log's keys: ${error instanceof Error ? error.message : String(error)}`;
    }
    const recomputed = root();
    if (!recomputed.equals(checkpoint.rootHash))
      return `the ledger's first ${checkpoint.treeSize} events give root ${recomputed.toString('hex')}, not the signed ${checkpoint.rootHash.toString('hex')}`;
    return null;
  };

  for await (const batch of scan(store, pageSize)) {
    for (const event of batch) {
      const tip = tips.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      if (event.streamRevision !== tip.revision + 1) {
        return result(
          about(
            event,
            `revision ${event.streamRevision} follows revision ${tip.revision} of its stream`,
          ),
        );
      }
      const expected = prefixedHash(tip.hash, event);
      if (!expected.equals(event.hash)) {
        return result(
          about(
            event,
            `stored hash ${Buffer.from(event.hash).toString('hex')} but its bytes and history give ${expected.toString('hex')}`,
          ),
        );
      }
      tips.set(event.streamId, { revision: event.streamRevision, hash: expected });

      // The Merkle leaf, compared with what the sequencer stored for this index.
      const index = events;
      const leaf = prefixedHash(ZERO, event);
      if (!treeEnded) {
        if (!stored || index >= stored.fromIndex + stored.count) {
          stored = await nextStored!;
          nextStored = stored.count > 0 ? readLeaves(stored.fromIndex + stored.count) : null;
          if (stored.count === 0) treeEnded = true;
        }
        if (!treeEnded) {
          const at = index - stored.fromIndex;
          const sequencedAt = Number(stored.positions.readBigInt64BE(at * 8));
          if (sequencedAt !== event.globalPosition) {
            return result(
              about(
                event,
                `leaf ${index} of the tree is the event at position ${sequencedAt}, but the ledger has this one there`,
              ),
            );
          }
          if (stored.hashes.compare(leaf, 0, 32, at * 32, at * 32 + 32) !== 0) {
            const sequenced = stored.hashes.toString('hex', at * 32, at * 32 + 32);
            return result(
              about(
                event,
                `leaf ${index} was sequenced as ${sequenced}; the event's bytes now give ${leaf.toString('hex')}`,
              ),
            );
          }
          leavesCompared += 1;
        }
      }
      let size = 1;
      let node = leaf;
      while (range.length > 0 && range.at(-1)!.size === size) {
        node = nodeHash(range.pop()!.hash, node);
        size *= 2;
      }
      range.push({ size, hash: node });
      events += 1;

      while (checkpoints[nextCheckpoint]?.treeSize === events) {
        const checkpoint = checkpoints[nextCheckpoint]!;
        const problem = checkCheckpoint(checkpoint);
        if (problem) return result({ ...about(event, problem), checkpoint: checkpoint.treeSize });
        checkpointsVerified += 1;
        nextCheckpoint += 1;
      }
    }
    const last = batch.at(-1);
    if (last) {
      options.onProgress?.(last.globalPosition + 1, Math.max(head, last.globalPosition + 1));
    }
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
