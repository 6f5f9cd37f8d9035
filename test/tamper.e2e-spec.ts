import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type ParallelVerification, verifyLedger } from '../src/integrity/verify-ledger.js';
import { ed25519Signer } from '../src/integrity/log-signer.js';
import { signedCheckpoints, storedLeaves } from '../src/integrity/verification-sources.js';
import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { signNote } from '../src/verifier/signed-note.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import type { Journey } from './support/journey.js';
import { privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** verify-ledger's worker as built (`npm run build:server`, as `npm test` does before jest). */
const WORKER = pathToFileURL(path.resolve('dist/src/integrity/verify-range.worker.js'));

/**
 * Tampering with the stored ledger as a superuser would — past the append-only triggers — is caught by
 * verify-ledger (walking the log in one thread, and in worker threads over ranges of it, alike) and by
 * the bundle verifier, each naming the event (or checkpoint) that gives it away.
 */
describe('tamper evidence on real PostgreSQL', () => {
  let t: TestApp;
  let journey: Journey;
  let key: string;
  const sql = (text: string, parameters: unknown[] = []) =>
    t.database.dataSource.query(text, parameters);
  const walk = async (parallel?: ParallelVerification) =>
    verifyLedger(t.database.store, {
      tree: storedLeaves(t.database.dataSource),
      checkpoints: await signedCheckpoints(t.database.dataSource, t.integrity.log.verifierKeys),
      ...(parallel ? { parallel } : {}),
    });
  /** The single walk's answer, which worker threads over 2 and 3 ranges of the log must give too. */
  const verify = async () => {
    const single = await walk();
    for (const workers of [2, 3]) {
      const inRanges = await walk({
        databaseUrl: t.databaseUrl,
        workers,
        minEventsPerWorker: 1,
        workerModule: WORKER,
      });
      expect({ workers, ...inRanges }).toEqual({ workers, ...single });
    }
    return single;
  };
  const bundle = async () => {
    const res = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/proof`)
      .set('authorization', `Bearer ${await t.token('investigator')}`);
    expect(res.status).toBe(200);
    return res.body as ProofBundle;
  };
  const positionOf = async (revision: number) =>
    Number(
      (
        (await sql(`SELECT position FROM ledger.events WHERE stream_id = $1 AND revision = $2`, [
          `delivery-${journey.deliveryId}`,
          revision,
        ])) as { position: string }[]
      )[0]!.position,
    );
  /** Runs a change past the append-only guard, checks, and puts the row back as it was. */
  async function tampered(
    change: string,
    parameters: unknown[],
    undo: string,
    undoParameters: unknown[],
    check: () => Promise<void>,
  ) {
    await sql(`ALTER TABLE ledger.events DISABLE TRIGGER USER`);
    try {
      await sql(change, parameters);
      await check();
    } finally {
      await sql(undo, undoParameters);
      await sql(`ALTER TABLE ledger.events ENABLE TRIGGER USER`);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    journey = (await privateDelivery(t, 1)).journey;
    await privateDelivery(t, 2);
    await t.settle();
    key = t.integrity.log.verifierKeys[0]!;
    await bundle(); // waits until a signed checkpoint covers everything
    await t.projections.stop();
    const clean = await verify();
    expect(clean).toMatchObject({ firstDivergence: null, checkpointsVerified: expect.any(Number) });
    expect(clean.leavesCompared).toBe(clean.events);
    expect(verifyBundle(await bundle(), key).ok).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('catches one changed byte of one event', async () => {
    const position = await positionOf(3);
    await tampered(
      `UPDATE ledger.events SET canonical = replace(canonical, '"source":"api"', '"source":"apj"') WHERE position = $1`,
      [position],
      `UPDATE ledger.events SET canonical = replace(canonical, '"source":"apj"', '"source":"api"') WHERE position = $1`,
      [position],
      async () => {
        expect((await verify()).firstDivergence).toMatchObject({
          globalPosition: position,
          problem: expect.stringContaining('stored hash'),
        });
        const report = verifyBundle(await bundle(), key);
        expect(report.ok).toBe(false);
        expect(report.failures[0]).toMatchObject({ check: 'chain', globalPosition: position });
      },
    );
    expect((await verify()).firstDivergence).toBeNull();
  });

  it('catches one deleted event', async () => {
    const position = await positionOf(4);
    const [row] = (await sql(`SELECT * FROM ledger.events WHERE position = $1`, [
      position,
    ])) as Record<string, unknown>[];
    const columns = Object.keys(row!);
    await tampered(
      `DELETE FROM ledger.events WHERE position = $1`,
      [position],
      `INSERT INTO ledger.events (${columns.join(', ')}) SELECT * FROM jsonb_populate_record(NULL::ledger.events, $1::jsonb)`,
      [JSON.stringify({ ...row, hash: `\\x${(row!.hash as Buffer).toString('hex')}` })],
      async () => {
        const divergence = (await verify()).firstDivergence;
        expect(divergence).toMatchObject({
          streamId: `delivery-${journey.deliveryId}`,
          streamRevision: 5,
        });
        expect(divergence!.problem).toMatch(/revision 5 follows revision 3/);
        const report = verifyBundle(await bundle(), key);
        expect(report.ok).toBe(false);
        expect(report.failures[0]).toMatchObject({ check: 'chain' });
      },
    );
    expect((await verify()).firstDivergence).toBeNull();
  });

  it('catches two events swapped in the global order', async () => {
    const [a, b] = [await positionOf(5), await positionOf(6)];
    const swap = `UPDATE ledger.events SET position = CASE position WHEN $1 THEN $2 ELSE $1 END WHERE position IN ($1, $2)`;
    await sql(`ALTER TABLE ledger.events DROP CONSTRAINT events_pkey`);
    try {
      await tampered(swap, [a, b], swap, [a, b], async () => {
        const divergence = (await verify()).firstDivergence;
        expect(divergence).toMatchObject({ globalPosition: a, streamRevision: 6 });
        const report = verifyBundle(await bundle(), key);
        expect(report.ok).toBe(false);
        expect(report.failures.map((f) => f.check)).toContain('inclusion');
        expect(report.failures.find((f) => f.check === 'inclusion')).toMatchObject({
          globalPosition: b,
        });
      });
    } finally {
      await sql(`ALTER TABLE ledger.events ADD PRIMARY KEY (position)`);
    }
    expect((await verify()).firstDivergence).toBeNull();
  });

  it('catches a checkpoint re-signed with another key', async () => {
    const [latest] = (await sql(
      `SELECT tree_size, note FROM integrity.checkpoints ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; note: string }[];
    const text = latest!.note.slice(0, latest!.note.lastIndexOf('\n\n') + 1);
    const forged = await signNote(text, [ed25519Signer('keytrail.test/ledger', randomBytes(32))]);
    await sql(`ALTER TABLE integrity.checkpoints DISABLE TRIGGER USER`);
    try {
      await sql(`UPDATE integrity.checkpoints SET note = $1 WHERE tree_size = $2`, [
        forged,
        latest!.tree_size,
      ]);
      expect((await verify()).firstDivergence).toMatchObject({
        checkpoint: Number(latest!.tree_size),
        problem: expect.stringContaining('signature'),
      });
      const report = verifyBundle(await bundle(), key);
      expect(report.failures).toEqual([expect.objectContaining({ check: 'checkpoint' })]);
    } finally {
      await sql(`UPDATE integrity.checkpoints SET note = $1 WHERE tree_size = $2`, [
        latest!.note,
        latest!.tree_size,
      ]);
      await sql(`ALTER TABLE integrity.checkpoints ENABLE TRIGGER USER`);
    }
    expect((await verify()).firstDivergence).toBeNull();
  });
});
