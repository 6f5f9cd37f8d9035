import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { MerkleTreeProjection } from '../projections/merkle/merkle-tree.projection.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { Checkpoints } from '../src/integrity/checkpoints.js';
import { logSigner } from '../src/integrity/log-signer.js';
import { TreeProofs } from '../src/integrity/tree-proofs.js';
import { verifyInclusion } from '../src/verifier/merkle.js';
import { type OpenLedger, openEmbeddedLedger, openPostgresLedger } from './support/open-ledger.js';
import { appendSyntheticDeliveries } from './support/synthetic-deliveries.js';

/** Tree sizes with every shape of right edge: one leaf, powers of two, one either side of them. */
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15, 16, 17, 23, 31, 32, 33, 47, 63, 64, 65];

describe.each([
  ['PostgreSQL', openPostgresLedger],
  ['embedded PGlite', openEmbeddedLedger],
])('inclusion proofs against the latest checkpoint in one round trip (%s)', (_name, openLedger) => {
  let ledger: OpenLedger;
  let positionsByLeaf: number[];
  let leafHashes: Buffer[];
  const log = logSigner('keytrail.test/tree-proofs', new Uint8Array(randomBytes(32)));

  beforeAll(async () => {
    ledger = await openLedger();
    await appendSyntheticDeliveries(ledger.store, 8);
    await rebuildProjections(ledger.store, ledger.dataSource, [new MerkleTreeProjection()]);
    const leaves = await ledger.dataSource.query<{ global_position: string; hash: Buffer }[]>(
      `SELECT global_position, hash FROM read.merkle_nodes WHERE level = 0 ORDER BY idx`,
    );
    positionsByLeaf = leaves.map((row) => Number(row.global_position));
    leafHashes = leaves.map((row) => row.hash);
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
  });

  it('has no checkpoint to prove against before the first is signed', async () => {
    const proofs = new TreeProofs(ledger.dataSource);
    const answer = await proofs.againstLatest(positionsByLeaf.slice(0, 3));
    expect(answer.checkpoint).toBeNull();
    expect(answer.proofs).toBeNull();
    expect([...answer.leaves.values()].sort((a, b) => a - b)).toEqual([0, 1, 2]);
  });

  it('answers, for every tree size, the proofs the per-leaf read gives, and each leads to the signed root', async () => {
    expect(positionsByLeaf.length).toBeGreaterThan(Math.max(...SIZES));
    const checkpoints = new Checkpoints(ledger.dataSource, log);
    const proofs = new TreeProofs(ledger.dataSource);
    for (const size of SIZES) {
      const signed = await checkpoints.issue(size);
      // Every leaf of the tree, some leaves alone, and events spread as a delivery's are.
      for (const leaves of [
        [...Array(size).keys()],
        [size - 1],
        [0],
        [...Array(size).keys()].filter((leaf) => leaf % 5 === 2),
      ]) {
        if (leaves.length === 0) continue;
        const answer = await proofs.againstLatest(leaves.map((leaf) => positionsByLeaf[leaf]!));
        expect(answer.checkpoint).toEqual(signed);
        expect([...answer.leaves.values()].sort((a, b) => a - b)).toEqual(leaves);
        expect(answer.proofs).toEqual(await proofs.inclusionProofs(leaves, size));
        for (const leaf of leaves) {
          const path = answer.proofs!.get(leaf)!;
          expect(verifyInclusion(leaf, size, leafHashes[leaf]!, path, signed.rootHash)).toBe(true);
        }
      }
    }
  }, 120_000);

  it('answers no proofs while an event is past the latest checkpoint, and the leaves it has', async () => {
    const proofs = new TreeProofs(ledger.dataSource);
    const latest = Math.max(...SIZES);
    const answer = await proofs.againstLatest([
      positionsByLeaf[0]!,
      positionsByLeaf[latest]!,
      // a position the sequencer has not given a leaf
      positionsByLeaf.at(-1)! + 1_000,
    ]);
    expect(answer.checkpoint?.treeSize).toBe(latest);
    expect(answer.proofs).toBeNull();
    expect([...answer.leaves.values()].sort((a, b) => a - b)).toEqual([0, latest]);
  });

  it('reads the rebuilt tree once a rebuild swapped it in (the prepared statement follows it)', async () => {
    const proofs = new TreeProofs(ledger.dataSource);
    const positions = [3, 10, 40].map((leaf) => positionsByLeaf[leaf]!);
    // Past the first few runs, PostgreSQL keeps one generic plan for the connection.
    const before = await proofs.againstLatest(positions);
    for (let run = 0; run < 8; run += 1) await proofs.againstLatest(positions);
    await rebuildProjections(ledger.store, ledger.dataSource, [new MerkleTreeProjection()]);
    const after = await proofs.againstLatest(positions);
    expect(after.proofs).not.toBeNull();
    expect(after).toEqual(before);
  }, 60_000);

  it('proves against a checkpoint another process signed from the next request on', async () => {
    const proofs = new TreeProofs(ledger.dataSource);
    const before = (await proofs.againstLatest([positionsByLeaf[0]!])).checkpoint!;
    const leaf = before.treeSize + 2;
    expect((await proofs.againstLatest([positionsByLeaf[leaf]!])).proofs).toBeNull();
    const newer = await new Checkpoints(ledger.dataSource, log).issue(before.treeSize + 3);
    const answer = await proofs.againstLatest([positionsByLeaf[leaf]!]);
    expect(answer.checkpoint).toEqual(newer);
    expect(answer.proofs).toEqual(await proofs.inclusionProofs([leaf], newer.treeSize));
  });

  it('proves with the checkpoint as the database holds it', async () => {
    // Append-only (a trigger refuses changes); past it, as a superuser would, the proof shows the
    // change, for the verifier to catch, rather than a copy kept from before.
    const proofs = new TreeProofs(ledger.dataSource);
    const { checkpoint } = await proofs.againstLatest([positionsByLeaf[0]!]);
    const sql = (text: string, parameters: unknown[]) => ledger.dataSource.query(text, parameters);
    await sql(`ALTER TABLE integrity.checkpoints DISABLE TRIGGER USER`, []);
    try {
      await sql(`UPDATE integrity.checkpoints SET note = $1 WHERE tree_size = $2`, [
        'rewritten',
        checkpoint!.treeSize,
      ]);
      expect((await proofs.againstLatest([positionsByLeaf[0]!])).checkpoint?.note).toBe(
        'rewritten',
      );
    } finally {
      await sql(`UPDATE integrity.checkpoints SET note = $1 WHERE tree_size = $2`, [
        checkpoint!.note,
        checkpoint!.treeSize,
      ]);
      await sql(`ALTER TABLE integrity.checkpoints ENABLE TRIGGER USER`, []);
    }
  });
});
