import { parseVerifierKey } from '../verifier/signed-note.js';
import { canonicalEventText, canonicalRecordOf } from '../event-store/canonical-event.js';
import type { CanonicalEventBytes, EventStore } from '../event-store/event-store.port.js';
import { GENESIS_HASH } from '../event-store/hash-chain.js';
import { checkpointProblem } from './checkpoint-problem.js';
import { interiorHash } from './compact-range.js';
import {
  beyondProblem,
  divergenceAt,
  hashProblem,
  leafHashProblem,
  leafPageSize,
  leafPositionProblem,
  type LedgerDivergence,
  type LedgerVerification,
  prefixedHash,
  revisionProblem,
  type SignedCheckpoints,
  type StoredLeafPage,
  type StoredLeaves,
} from './ledger-checks.js';
import { type ParallelVerification, verifyInRanges } from './verify-ledger-in-ranges.js';

export type {
  LedgerDivergence,
  LedgerVerification,
  SignedCheckpoints,
  StoredLeafPage,
  StoredLeaves,
} from './ledger-checks.js';
export type { ParallelVerification } from './verify-ledger-in-ranges.js';

export interface VerifyLedgerOptions {
  readonly onProgress?: (position: number, head: number) => void;
  readonly tree?: StoredLeaves;
  readonly checkpoints?: SignedCheckpoints;
  readonly pageSize?: number;
  /**
   * Worker threads over ranges of the log, each reading its range from PostgreSQL on connections of
   * its own; the answer is the one the single walk gives. Without it, or with one worker, one walk.
   */
  readonly parallel?: ParallelVerification;
}

type Reader = Pick<EventStore, 'headPosition' | 'readAll'> &
  Partial<Pick<EventStore, 'scanCanonical'>>;

const ZERO = Buffer.from([0]);

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
  if (options.parallel) {
    const joined = await verifyInRanges(head, options.parallel, {
      compareLeaves: options.tree !== undefined,
      checkpoints: options.checkpoints,
      leafPage: leafPageSize(pageSize),
      onProgress: options.onProgress,
    });
    if (joined) return joined;
  }
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
  const leafPage = leafPageSize(pageSize);
  const readLeaves = (from: number) => {
    const page = options.tree!.read(from, leafPage);
    page.catch(() => undefined); // awaited when reached; an early return must not leave it unhandled
    return page;
  };
  /** The page being compared, and the next one already on its way. */
  let stored: StoredLeafPage | null = null;
  let nextStored = options.tree ? readLeaves(0) : null;
  let treeEnded = !options.tree;

  const result = (firstDivergence: LedgerDivergence | null): LedgerVerification => ({
    events,
    streams: tips.size,
    leavesCompared,
    checkpointsVerified,
    firstDivergence,
  });
  const root = (): Buffer => {
    let node = range.at(-1)!.hash;
    for (let i = range.length - 2; i >= 0; i -= 1) node = interiorHash(range[i]!.hash, node);
    return node;
  };
  const checkCheckpoint = (checkpoint: (typeof checkpoints)[number]) =>
    checkpointProblem(checkpoint, keys, root);

  for await (const batch of scan(store, pageSize)) {
    for (const event of batch) {
      const tip = tips.get(event.streamId) ?? { revision: -1, hash: GENESIS_HASH };
      if (event.streamRevision !== tip.revision + 1) {
        return result(divergenceAt(event, revisionProblem(event.streamRevision, tip.revision)));
      }
      const expected = prefixedHash(tip.hash, event);
      if (!expected.equals(event.hash)) {
        return result(divergenceAt(event, hashProblem(event.hash, expected)));
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
            return result(divergenceAt(event, leafPositionProblem(index, sequencedAt)));
          }
          if (stored.hashes.compare(leaf, 0, 32, at * 32, at * 32 + 32) !== 0) {
            const sequenced = stored.hashes.toString('hex', at * 32, at * 32 + 32);
            return result(divergenceAt(event, leafHashProblem(index, sequenced, leaf)));
          }
          leavesCompared += 1;
        }
      }
      let size = 1;
      let node = leaf;
      while (range.length > 0 && range.at(-1)!.size === size) {
        node = interiorHash(range.pop()!.hash, node);
        size *= 2;
      }
      range.push({ size, hash: node });
      events += 1;

      while (checkpoints[nextCheckpoint]?.treeSize === events) {
        const checkpoint = checkpoints[nextCheckpoint]!;
        const problem = checkCheckpoint(checkpoint);
        if (problem)
          return result({ ...divergenceAt(event, problem), checkpoint: checkpoint.treeSize });
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
      problem: beyondProblem(beyond.treeSize, events),
    });
  }
  return result(null);
}
