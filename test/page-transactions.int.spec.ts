import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';

import { ensureCheckpoint, readCheckpoint } from '../projections/runtime/checkpoints.js';
import {
  CheckpointMoved,
  type PageWrite,
  PageTransactions,
} from '../projections/runtime/page-transactions.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';

describe('page transactions', () => {
  let ledger: OpenLedger;
  beforeAll(async () => {
    ledger = await openPostgresLedger();
    await ledger.dataSource.query(`CREATE TABLE written (projection text, tx bigint)`);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const names = ['page-x', 'page-y', 'page-z'];
  beforeEach(async () => {
    await ledger.dataSource.query(`DELETE FROM written`);
    await ledger.dataSource.query(
      `DELETE FROM read.projection_checkpoints WHERE projection = ANY($1)`,
      [names],
    );
    for (const name of names) await ensureCheckpoint(ledger.dataSource.manager, name);
  });

  /** A page from 0 to 5 whose rows say which transaction wrote them; `fail` makes it throw after writing. */
  const page = (checkpoint: string, fail?: Error | null): PageWrite => ({
    checkpoint,
    position: 0,
    next: 5,
    apply: async (manager: EntityManager) => {
      await manager.query(`INSERT INTO written VALUES ($1, txid_current())`, [checkpoint]);
      if (fail) throw fail;
    },
  });
  const written = () =>
    ledger.dataSource.query<{ projection: string; tx: string }[]>(
      `SELECT projection, tx FROM written ORDER BY projection`,
    );
  const positions = () =>
    Promise.all(names.map((name) => readCheckpoint(ledger.dataSource.manager, name)));

  it('writes the pages asked for together in one transaction, and moves every checkpoint', async () => {
    const pages = new PageTransactions(ledger.dataSource);
    await Promise.all(names.map((name) => pages.write(page(name))));
    const rows = await written();
    expect(rows.map((row) => row.projection)).toEqual(names);
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
    expect(await positions()).toEqual([5, 5, 5]);
  });

  it('keeps a projection that reads wait for in a transaction of its own', async () => {
    const pages = new PageTransactions(ledger.dataSource);
    await Promise.all([
      pages.write(page('page-x')),
      pages.write({ ...page('page-y'), alone: true }),
      pages.write(page('page-z')),
    ]);
    const tx = Object.fromEntries((await written()).map((row) => [row.projection, row.tx]));
    expect(tx['page-x']).toBe(tx['page-z']);
    expect(tx['page-y']).not.toBe(tx['page-x']);
  });

  it('fails only the projection at fault: the others are written again alone', async () => {
    const pages = new PageTransactions(ledger.dataSource);
    const results = await Promise.allSettled(
      names.map((name) => pages.write(page(name, name === 'page-y' ? new Error('bad') : null))),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await written()).map((row) => row.projection)).toEqual(['page-x', 'page-z']);
    expect(await positions()).toEqual([5, 0, 5]);
  });

  it('tells the projection whose checkpoint moved where it is, and writes the others', async () => {
    await ledger.dataSource.query(
      `UPDATE read.projection_checkpoints SET position = 3 WHERE projection = 'page-z'`,
    );
    const pages = new PageTransactions(ledger.dataSource);
    const results = await Promise.allSettled(names.map((name) => pages.write(page(name))));
    expect(results.slice(0, 2).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(results[2]).toEqual({ status: 'rejected', reason: expect.any(CheckpointMoved) });
    expect(((results[2] as PromiseRejectedResult).reason as CheckpointMoved).position).toBe(3);
    expect((await written()).map((row) => row.projection)).toEqual(['page-x', 'page-y']);
    expect(await positions()).toEqual([5, 5, 3]);
  });

  it('writes a page whose checkpoint another session holds alone once it is free, holding back none', async () => {
    const holder = ledger.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(
      `SELECT position FROM read.projection_checkpoints WHERE projection = 'page-y' FOR UPDATE`,
    );
    const pages = new PageTransactions(ledger.dataSource);
    const writing = names.map((name) => pages.write(page(name)));
    try {
      await Promise.all([writing[0], writing[2]]);
      expect((await written()).map((row) => row.projection)).toEqual(['page-x', 'page-z']);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await writing[1];
    expect((await written()).map((row) => row.projection)).toEqual(names);
    expect(await positions()).toEqual([5, 5, 5]);
  });

  it('fails every page on an outage, writing nothing, so that the runners wait it out', async () => {
    const outage = Object.assign(new Error('terminating connection'), { code: '57P01' });
    const pages = new PageTransactions(ledger.dataSource);
    const results = await Promise.allSettled(
      names.map((name) => pages.write(page(name, name === 'page-x' ? outage : null))),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await written()).toEqual([]);
    expect(await positions()).toEqual([0, 0, 0]);
  });
});
