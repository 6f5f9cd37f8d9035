import { createHash } from 'node:crypto';

import { describe, expect, it } from '@jest/globals';

import type { CanonicalEventBytes } from '../event-store/event-store.port.js';
import { GENESIS_HASH } from '../event-store/hash-chain.js';
import { checkpointText } from '../verifier/checkpoint.js';
import { rfc6962, rootOf } from '../verifier/merkle.js';
import { signNote } from '../verifier/signed-note.js';
import { CompactRange } from './compact-range.js';
import { joinLedgerRanges } from './join-ledger-ranges.js';
import type { SignedCheckpoint, StoredLeaves } from './ledger-checks.js';
import { checkLedgerRange } from './ledger-range.js';
import { logSigner } from './log-signer.js';
import { verifyLedger } from './verify-ledger.js';

const ORIGIN = 'keytrail.test/ledger';
const LOG = logSigner(ORIGIN, new Uint8Array(32).fill(7));
const FORGER = logSigner(ORIGIN, new Uint8Array(32).fill(8));

/** A seeded generator, so a failing case can be run again. */
function random(seed: number) {
  let state = seed >>> 0;
  return (below: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % below;
  };
}

const sha = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

interface StoredEvent {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  bytes: Buffer;
  hash: Buffer;
}

interface Ledger {
  events: StoredEvent[];
  leaves: Map<number, { hash: Buffer; position: number }>;
  checkpoints: SignedCheckpoint[];
}

/** A ledger as the store and the sequencer would have written it: streams interleaved, chains intact. */
async function ledgerOf(
  size: number,
  streams: number,
  seed: number,
  sizes = [1, 2, 3, Math.floor(size / 3), Math.floor(size / 2), size - 1, size],
): Promise<Ledger> {
  const next = random(seed);
  const tips = new Map<string, { revision: number; hash: Buffer }>();
  const events: StoredEvent[] = [];
  for (let position = 0; position < size; position += 1) {
    const streamId = `delivery-${next(streams)}`;
    const tip = tips.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const bytes = Buffer.from(
      JSON.stringify({ n: position, pad: 'x'.repeat(next(600)), streamId }),
      'utf8',
    );
    const hash = sha(tip.hash, bytes);
    tips.set(streamId, { revision: tip.revision + 1, hash });
    events.push({
      position,
      streamId,
      revision: tip.revision + 1,
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      bytes,
      hash,
    });
  }
  const leafHashes = events.map((event) => Buffer.from(rfc6962.leaf(event.bytes)));
  const leaves = new Map(
    leafHashes.map((hash, index) => [index, { hash, position: events[index]!.position }]),
  );
  const checkpoints = await Promise.all(
    [...new Set(sizes)].map((treeSize) => checkpointOf(treeSize, leafHashes, LOG)),
  );
  return { events, leaves, checkpoints };
}

async function checkpointOf(
  treeSize: number,
  leafHashes: readonly Buffer[],
  log: typeof LOG,
): Promise<SignedCheckpoint> {
  const rootHash = Buffer.from(rootOf(leafHashes.slice(0, treeSize)));
  const note = await signNote(
    checkpointText({ origin: ORIGIN, size: treeSize, rootHash, extensions: [] }),
    [log.signer],
  );
  return { treeSize, rootHash, note };
}

/** The stored events as COPY gives them: each event's bytes with 32 free bytes before them. */
function canonical(event: StoredEvent): CanonicalEventBytes {
  const room = Buffer.alloc(32 + event.bytes.length);
  event.bytes.copy(room, 32);
  return {
    globalPosition: event.position,
    streamId: event.streamId,
    streamRevision: event.revision,
    eventId: event.eventId,
    bytes: room.subarray(32),
    hash: Buffer.from(event.hash),
    prefixRoom: 32,
  };
}

async function* batchesOf(events: readonly StoredEvent[]) {
  for (let i = 0; i < events.length; i += 7) yield events.slice(i, i + 7).map(canonical);
}

/** As `SELECT … WHERE level = 0 AND idx >= from AND idx < from + count` packs them: holes close up. */
const storedLeaves = (ledger: Ledger): StoredLeaves => ({
  read(fromIndex, maxCount) {
    const rows = [...ledger.leaves.entries()]
      .filter(([index]) => index >= fromIndex && index < fromIndex + maxCount)
      .sort(([a], [b]) => a - b);
    const positions = Buffer.alloc(rows.length * 8);
    rows.forEach(([, row], i) => positions.writeBigInt64BE(BigInt(row.position), i * 8));
    return Promise.resolve({
      fromIndex,
      count: rows.length,
      hashes: Buffer.concat(rows.map(([, row]) => row.hash)),
      positions,
    });
  },
});

const checkpointsOf = (ledger: Ledger) => ({
  list: ledger.checkpoints,
  verifierKeys: LOG.verifierKeys,
});

/** The single walk: verify-ledger as it runs in one thread. */
const walk = (ledger: Ledger, withTree = true) =>
  verifyLedger(
    {
      headPosition: () => Promise.resolve((ledger.events.at(-1)?.position ?? -1) + 1),
      readAll: () => Promise.reject(new Error('read by scanCanonical')),
      scanCanonical: () => batchesOf([...ledger.events].sort((a, b) => a.position - b.position)),
    },
    { ...(withTree ? { tree: storedLeaves(ledger) } : {}), checkpoints: checkpointsOf(ledger) },
  );

/** The same ledger cut into `parts` ranges of positions, each checked apart, then joined. */
async function joined(ledger: Ledger, parts: number, withTree = true) {
  const ordered = [...ledger.events].sort((a, b) => a.position - b.position);
  const head = (ordered.at(-1)?.position ?? -1) + 1;
  const sizes = [...new Set(ledger.checkpoints.map((c) => c.treeSize))].sort((a, b) => a - b);
  const reports = await Promise.all(
    Array.from({ length: parts }, async (_, k) => {
      const fromPosition = Math.floor((k * head) / parts);
      const toPosition = k === parts - 1 ? null : Math.floor(((k + 1) * head) / parts);
      const report = await checkLedgerRange(
        batchesOf(
          ordered.filter(
            (e) => e.position >= fromPosition && (toPosition === null || e.position < toPosition),
          ),
        ),
        {
          fromPosition,
          toPosition,
          leaves: withTree ? storedLeaves(ledger) : null,
          leafPage: 20_000,
          checkpointSizes: sizes.filter((s) => s >= 1),
        },
      );
      return structuredClone(report); // as it crosses from a worker thread
    }),
  );
  return joinLedgerRanges(reports, checkpointsOf(ledger));
}

async function expectSameAnswer(ledger: Ledger, withTree = true) {
  const single = await walk(ledger, withTree);
  for (const parts of [2, 3, 5]) {
    const answer = await joined(ledger, parts, withTree);
    // null: the ranges cannot be joined exactly, and verify-ledger walks the log in one thread.
    if (answer !== null) expect({ parts, ...answer }).toEqual({ parts, ...single });
  }
  return single;
}

const flip = (bytes: Buffer, at: number) => bytes.writeUInt8(bytes.readUInt8(at) ^ 1, at);

const at = (ledger: Ledger, position: number) =>
  ledger.events.find((event) => event.position === position)!;

describe('verify-ledger over ranges of the log, joined', () => {
  it('gives the single walk’s answer on an intact ledger, with and without the tree', async () => {
    const ledger = await ledgerOf(300, 9, 1);
    const single = await expectSameAnswer(ledger);
    expect(single).toMatchObject({
      events: 300,
      leavesCompared: 300,
      checkpointsVerified: ledger.checkpoints.length,
      firstDivergence: null,
    });
    expect((await expectSameAnswer(ledger, false)).leavesCompared).toBe(0);
    expect(await joined(ledger, 4)).toEqual(single);
  });

  it('names the same first divergence for each kind of tampering, wherever it falls', async () => {
    const tamperings: [string, (ledger: Ledger, position: number) => void | Promise<void>][] = [
      ['a changed byte', (l, p) => flip(at(l, p).bytes, 3)],
      ['a changed stored hash', (l, p) => flip(at(l, p).hash, 0)],
      [
        'two events swapped in the global order',
        (l, p) => {
          const [a, b] = [at(l, p), at(l, p + 1)];
          [a.position, b.position] = [b.position, a.position];
        },
      ],
      ['a revision renumbered', (l, p) => void (at(l, p).revision += 2)],
      ['a changed leaf', (l, p) => flip(l.leaves.get(p)!.hash, 5)],
      ['a leaf placed at another position', (l, p) => void (l.leaves.get(p)!.position += 1)],
      ['a missing leaf', (l, p) => void l.leaves.delete(p)],
      [
        'a tree that stops there',
        (l, p) => [...l.leaves.keys()].forEach((i) => i >= p && l.leaves.delete(i)),
      ],
      [
        'a stream moved onto another',
        (l, p) => {
          const event = at(l, p);
          event.streamId = event.streamId === 'delivery-0' ? 'delivery-1' : 'delivery-0';
        },
      ],
      ['a missing event', (l, p) => void l.events.splice(l.events.indexOf(at(l, p)), 1)],
    ];
    const next = random(42);
    for (const [name, tamper] of tamperings) {
      for (const position of [0, 1, 99, 100, 101, 149, 198, 0].map((p, i) =>
        i >= 7 ? next(199) : p,
      )) {
        const ledger = await ledgerOf(200, 6, position + 1, [2, 100, 150, 200]);
        await tamper(ledger, position);
        const single = await expectSameAnswer(ledger);
        if (name !== 'a tree that stops there' && !(name === 'a missing leaf' && position === 199))
          expect({ name, position, found: single.firstDivergence !== null }).toEqual({
            name,
            position,
            found: true,
          });
      }
    }
  });

  it('names the same checkpoint when one is forged, wrong, beyond the ledger or of no events', async () => {
    const cases: [string, (ledger: Ledger) => Promise<void>][] = [
      [
        'signed by another key',
        async (l) => {
          const leafHashes = [...l.leaves.values()].map((leaf) => leaf.hash);
          l.checkpoints[4] = await checkpointOf(l.checkpoints[4]!.treeSize, leafHashes, FORGER);
        },
      ],
      [
        'a root the ledger does not give',
        async (l) => {
          const forged = l.checkpoints[3]!;
          const text = checkpointText({
            origin: ORIGIN,
            size: forged.treeSize,
            rootHash: Buffer.alloc(32, 1),
            extensions: [],
          });
          l.checkpoints[3] = {
            treeSize: forged.treeSize,
            rootHash: Buffer.alloc(32, 1),
            note: await signNote(text, [LOG.signer]),
          };
        },
      ],
      [
        'a stored root that is not the signed one',
        (l) => {
          l.checkpoints[2] = { ...l.checkpoints[2]!, rootHash: Buffer.alloc(32) };
          return Promise.resolve();
        },
      ],
      [
        'beyond the ledger',
        async (l) => {
          l.events.splice(150);
          l.checkpoints.push(
            await checkpointOf(
              150,
              [...l.leaves.values()].map((leaf) => leaf.hash),
              LOG,
            ),
          );
        },
      ],
      [
        'of no events',
        async (l) => {
          l.checkpoints.push(await checkpointOf(0, [], LOG));
        },
      ],
    ];
    for (const [name, tamper] of cases) {
      const ledger = await ledgerOf(200, 6, 7);
      await tamper(ledger);
      const single = await expectSameAnswer(ledger);
      expect({ name, found: single.firstDivergence?.checkpoint !== undefined }).toEqual({
        name,
        found: true,
      });
    }
  });

  it('joins compact ranges into the RFC 9162 root of any prefix', () => {
    const leaves = Array.from({ length: 70 }, (_, i) =>
      Buffer.from(rfc6962.leaf(Buffer.from([i]))),
    );
    for (let size = 1; size <= leaves.length; size += 1) {
      for (const cut of [0, 1, Math.floor(size / 3), size - 1]) {
        const left = new CompactRange();
        const right = new CompactRange();
        leaves.slice(0, size).forEach((leaf, i) => (i < cut ? left : right).appendLeaf(i, leaf));
        for (const node of right.snapshot) left.append(node);
        expect(left.root().toString('hex')).toBe(
          Buffer.from(rootOf(leaves.slice(0, size))).toString('hex'),
        );
      }
    }
  });
});
