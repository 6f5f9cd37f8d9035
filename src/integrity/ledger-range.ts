import type { CanonicalEventBytes } from '../event-store/event-store.port.js';
import { GENESIS_HASH } from '../event-store/hash-chain.js';
import { type CompactNode, CompactRange } from './compact-range.js';
import {
  divergenceAt,
  type EventPlace,
  hashProblem,
  type LedgerDivergence,
  leafHashProblem,
  leafPositionProblem,
  prefixedHash,
  revisionProblem,
  type StoredLeafPage,
  type StoredLeaves,
} from './ledger-checks.js';

/** One range of the global log, checked on its own: positions [fromPosition, toPosition). */
export interface LedgerRangeSpec {
  readonly fromPosition: number;
  /** Exclusive; null: to the end of the log. */
  readonly toPosition: number | null;
  /** The stored tree's leaves to compare with, or null to compare none. */
  readonly leaves: StoredLeaves | null;
  readonly leafPage: number;
  /** Tree sizes of signed checkpoints, ascending: the range keeps its compact range at each it reaches. */
  readonly checkpointSizes: readonly number[];
  /** Told how many events the range has checked so far, now and then. */
  readonly onProgress?: (events: number) => void;
}

/** Several events' places and bytes, packed to cross to another thread in a few buffers. */
export interface PackedEvents {
  readonly positions: number[];
  readonly streamIds: string[];
  readonly revisions: number[];
  readonly eventIds: string[];
  /** 32 bytes each. */
  readonly hashes: Uint8Array;
  readonly bytes: Uint8Array;
  /** Where each event's bytes end in `bytes` (they start where the previous one's end). */
  readonly bytesEnd: number[];
}

export interface PackedNodes {
  readonly levels: number[];
  readonly indexes: number[];
  readonly hashes: Uint8Array;
}

/**
 * What a range found, for the join (join-ledger-ranges.ts) to finish: the hash chain links and
 * revision steps that reach back before the range, the compact range of its leaves, and its first
 * failure of its own.
 */
export interface LedgerRangeReport {
  readonly fromPosition: number;
  readonly toPosition: number | null;
  /** Events checked (up to its failure, when it has one). */
  readonly events: number;
  /**
   * Each event at the position right after the one before (a leaf index is then the position). When
   * false the range stopped at the first that was not, and only a sequential walk can say more.
   */
  readonly dense: boolean;
  /**
   * Each stream's first event in the range, in order, with its stored hash; with its bytes too when its
   * revision is above 0: its link to the stream's tip in the ranges before is checked by the join.
   */
  readonly firstOfStream: PackedEvents;
  /** Each stream's last event in the range: revision and hash, which the next ranges link to. */
  readonly tips: {
    readonly streamIds: string[];
    readonly revisions: number[];
    readonly hashes: Uint8Array;
  };
  readonly failure: {
    readonly stage: 'chain' | 'leaf';
    readonly divergence: LedgerDivergence;
  } | null;
  /** The leaf index at which the stored tree ran out, when it did in this range. */
  readonly treeEnd: number | null;
  readonly compactRange: PackedNodes;
  /** The compact range from the range's start up to each checkpoint size it reached, and that size's last event. */
  readonly atCheckpoints: readonly {
    readonly treeSize: number;
    readonly nodes: PackedNodes;
    readonly lastEvent: EventPlace;
  }[];
}

const ZERO = Buffer.from([0]);

export function packNodes(nodes: readonly CompactNode[]): PackedNodes {
  const hashes = new Uint8Array(nodes.length * 32);
  nodes.forEach((node, i) => hashes.set(node.hash, i * 32));
  return {
    levels: nodes.map((node) => node.level),
    indexes: nodes.map((node) => node.index),
    hashes,
  };
}

export const unpackNodes = (packed: PackedNodes): CompactNode[] =>
  packed.levels.map((level, i) => ({
    level,
    index: packed.indexes[i]!,
    hash: packed.hashes.subarray(i * 32, i * 32 + 32),
  }));

/** Appends events' places and stored bytes, then packs them. */
class EventPacker {
  private readonly packed = {
    positions: [] as number[],
    streamIds: [] as string[],
    revisions: [] as number[],
    eventIds: [] as string[],
    bytesEnd: [] as number[],
  };
  private readonly hashes: Uint8Array[] = [];
  private readonly bytes: Uint8Array[] = [];
  private length = 0;

  push(event: CanonicalEventBytes, withBytes: boolean): void {
    this.packed.positions.push(event.globalPosition);
    this.packed.streamIds.push(event.streamId);
    this.packed.revisions.push(event.streamRevision);
    this.packed.eventIds.push(event.eventId);
    this.hashes.push(Buffer.from(event.hash));
    if (withBytes) {
      this.bytes.push(Buffer.from(event.bytes));
      this.length += event.bytes.length;
    }
    this.packed.bytesEnd.push(this.length);
  }

  pack(): PackedEvents {
    return { ...this.packed, hashes: Buffer.concat(this.hashes), bytes: Buffer.concat(this.bytes) };
  }
}

/**
 * Checks one range of the global log the way verify-ledger walks the whole of it — each hash chain
 * link, each revision step, each Merkle leaf against the stored tree — except for what reaches back
 * before the range: a stream's first event in the range is only recorded (the join links it to the
 * stream's tip in the ranges before), and the range's leaves make a compact range of their own, kept at
 * each checkpoint size, that the join merges into the roots. Stops at the range's first failure.
 */
export async function checkLedgerRange(
  batches: AsyncIterable<readonly CanonicalEventBytes[]>,
  spec: LedgerRangeSpec,
): Promise<LedgerRangeReport> {
  const from = spec.fromPosition;
  const tips = new Map<string, { revision: number; hash: Uint8Array }>();
  const firstOfStream = new EventPacker();
  const range = new CompactRange();
  const atCheckpoints: LedgerRangeReport['atCheckpoints'][number][] = [];
  let nextCheckpoint = spec.checkpointSizes.findIndex((size) => size > from);
  if (nextCheckpoint < 0) nextCheckpoint = spec.checkpointSizes.length;
  let events = 0;
  let dense = true;
  let failure: LedgerRangeReport['failure'] = null;
  let treeEnd: number | null = null;

  const { leaves } = spec;
  const readLeaves = (fromIndex: number) => {
    const page = leaves!.read(fromIndex, spec.leafPage);
    page.catch(() => undefined); // awaited when reached; an early return must not leave it unhandled
    return page;
  };
  let stored: StoredLeafPage | null = null;
  let nextStored = leaves ? readLeaves(from) : null;
  let comparing = leaves !== null;
  if (!comparing) treeEnd = from;

  scan: for await (const batch of batches) {
    for (const event of batch) {
      const index = from + events;
      if (event.globalPosition !== index) {
        dense = false;
        break scan;
      }
      const tip = tips.get(event.streamId);
      if (tip === undefined) {
        // The stream's link to the ranges before is the join's to check: keep what it needs, and
        // link the next events to its stored hash (its own, if the join finds it wrong, comes first).
        firstOfStream.push(event, event.streamRevision > 0);
        let linked: Uint8Array = Buffer.from(event.hash);
        if (event.streamRevision === 0) {
          const expected = prefixedHash(GENESIS_HASH, event);
          if (!expected.equals(event.hash)) {
            failure = {
              stage: 'chain',
              divergence: divergenceAt(event, hashProblem(event.hash, expected)),
            };
            break scan;
          }
          linked = expected;
        }
        tips.set(event.streamId, { revision: event.streamRevision, hash: linked });
      } else {
        if (event.streamRevision !== tip.revision + 1) {
          failure = {
            stage: 'chain',
            divergence: divergenceAt(event, revisionProblem(event.streamRevision, tip.revision)),
          };
          break scan;
        }
        const expected = prefixedHash(tip.hash, event);
        if (!expected.equals(event.hash)) {
          failure = {
            stage: 'chain',
            divergence: divergenceAt(event, hashProblem(event.hash, expected)),
          };
          break scan;
        }
        tip.revision = event.streamRevision;
        tip.hash = expected;
      }

      const leaf = prefixedHash(ZERO, event);
      if (comparing) {
        if (!stored || index >= stored.fromIndex + stored.count) {
          stored = await nextStored!;
          nextStored = stored.count > 0 ? readLeaves(stored.fromIndex + stored.count) : null;
          if (stored.count === 0) {
            comparing = false;
            treeEnd = index;
          }
        }
        if (comparing) {
          const at = index - stored.fromIndex;
          // Two 32-bit halves: a position is within ±2^53, and a BigInt per leaf costs.
          const sequencedAt =
            stored.positions.readInt32BE(at * 8) * 2 ** 32 +
            stored.positions.readUInt32BE(at * 8 + 4);
          if (sequencedAt !== event.globalPosition) {
            failure = {
              stage: 'leaf',
              divergence: divergenceAt(event, leafPositionProblem(index, sequencedAt)),
            };
            break scan;
          }
          if (stored.hashes.compare(leaf, 0, 32, at * 32, at * 32 + 32) !== 0) {
            const sequenced = stored.hashes.toString('hex', at * 32, at * 32 + 32);
            failure = {
              stage: 'leaf',
              divergence: divergenceAt(event, leafHashProblem(index, sequenced, leaf)),
            };
            break scan;
          }
        }
      }
      range.appendLeaf(index, leaf);
      events += 1;

      if (spec.checkpointSizes[nextCheckpoint] === index + 1) {
        atCheckpoints.push({
          treeSize: index + 1,
          nodes: packNodes(range.snapshot),
          lastEvent: {
            globalPosition: event.globalPosition,
            streamId: event.streamId,
            streamRevision: event.streamRevision,
            eventId: event.eventId,
          },
        });
        while (spec.checkpointSizes[nextCheckpoint] === index + 1) nextCheckpoint += 1;
      }
    }
    spec.onProgress?.(events);
  }
  if (!failure && spec.toPosition !== null && events !== spec.toPosition - from) dense = false;

  const tipHashes = new Uint8Array(tips.size * 32);
  let i = 0;
  for (const tip of tips.values()) tipHashes.set(tip.hash, i++ * 32);
  return {
    fromPosition: from,
    toPosition: spec.toPosition,
    events,
    dense,
    firstOfStream: firstOfStream.pack(),
    tips: {
      streamIds: [...tips.keys()],
      revisions: [...tips.values()].map((tip) => tip.revision),
      hashes: tipHashes,
    },
    failure,
    treeEnd,
    compactRange: packNodes(range.snapshot),
    atCheckpoints,
  };
}
