import { createHash, hash } from 'node:crypto';

import type { CanonicalEventBytes } from '../event-store/event-store.port.js';

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

export interface SignedCheckpoint {
  readonly treeSize: number;
  readonly rootHash: Buffer;
  readonly note: string;
}

export interface SignedCheckpoints {
  readonly list: readonly SignedCheckpoint[];
  /** The keys the notes must be signed with (current and retired). */
  readonly verifierKeys: readonly string[];
}

/** Where an event is, as a divergence names it. */
export type EventPlace = Pick<
  CanonicalEventBytes,
  'globalPosition' | 'streamId' | 'streamRevision' | 'eventId'
>;

export const divergenceAt = (event: EventPlace, problem: string): LedgerDivergence => ({
  globalPosition: event.globalPosition,
  streamId: event.streamId,
  streamRevision: event.streamRevision,
  eventId: event.eventId,
  problem,
});

/** Leaves compared with the stored tree are read this many at a time (and one page ahead). */
export const leafPageSize = (pageSize: number) => Math.max(pageSize, 20_000);

export const sha256 = (data: Uint8Array): Buffer => hash('sha256', data, 'buffer');

/** SHA-256(prefix || bytes): written in place when the bytes have room before them, else streamed. */
export function prefixedHash(prefix: Uint8Array, event: CanonicalEventBytes): Buffer {
  const { bytes } = event;
  if (event.prefixRoom >= prefix.length) {
    const view = Buffer.from(
      bytes.buffer,
      bytes.byteOffset - prefix.length,
      bytes.length + prefix.length,
    );
    view.set(prefix, 0);
    return sha256(view);
  }
  return createHash('sha256').update(prefix).update(bytes).digest();
}

export const revisionProblem = (revision: number, tipRevision: number) =>
  `revision ${revision} follows revision ${tipRevision} of its stream`;

export const hashProblem = (stored: Uint8Array, expected: Uint8Array) =>
  `stored hash ${Buffer.from(stored).toString('hex')} but its bytes and history give ${Buffer.from(expected).toString('hex')}`;

export const leafPositionProblem = (index: number, sequencedAt: number) =>
  `leaf ${index} of the tree is the event at position ${sequencedAt}, but the ledger has this one there`;

export const leafHashProblem = (index: number, sequenced: string, leaf: Buffer) =>
  `leaf ${index} was sequenced as ${sequenced}; the event's bytes now give ${leaf.toString('hex')}`;

export const beyondProblem = (treeSize: number, events: number) =>
  `a checkpoint was signed for ${treeSize} events, but the ledger holds ${events}`;
