import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLedgerDataSource } from '../../src/adapters/postgres/ledger-data-source.js';
import { driveDeliveries, percentile } from '../support/delivery-load.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  chaosDataDir,
  freePort,
  type ServerProcess,
  serverToken,
  startServer,
} from './server-process.js';
import { expectLedgerHolds } from './stored-ledger.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';

const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 16);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 8);

/**
 * The load bench's workload at CI size (`npm run bench:load` runs it full size and prints the figures
 * against a baseline): concurrent clients driving complete deliveries through the real server. Nothing
 * is timed here; what must hold is that every call succeeded and every acknowledged event is stored,
 * once, and verifies.
 */
describe('load: complete deliveries from concurrent clients', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
  });

  it('answers every call, loses nothing and stores nothing twice', async () => {
    server = await startServer({
      databaseUrl: database.url,
      port: await freePort(),
      dataDir: chaosDataDir(),
    });
    const run = await driveDeliveries({
      bases: [server.base],
      clients: CLIENTS,
      seconds: SECONDS,
      tokens: {
        service: await serverToken('delivery-system', 'delivery-service'),
        oem: await serverToken('volvo-connector', 'oem-connector', 'volvo'),
        investigator: await serverToken('inv-load', 'investigator'),
      },
    });
    expect(Object.fromEntries(run.errors)).toEqual({});
    // Every client completed a delivery; how many fit in the window is the bench's figure, not a test's
    // (a loaded machine fits one each).
    expect(run.deliveries).toBeGreaterThanOrEqual(CLIENTS);

    const ds = createLedgerDataSource({ url: database.url, poolSize: 2 }, LEDGER_SCHEMA);
    await ds.initialize();
    try {
      const completed = await ds.query<{ count: string }[]>(
        `SELECT count(*) FROM ledger.events WHERE type = 'DeliveryCompleted'`,
      );
      expect(Number(completed[0]!.count)).toBe(run.deliveries);
      const held = await expectLedgerHolds(ds, run.acknowledged, server.base);
      expect(held.checked).toBe(run.acknowledged.length);
      const p99 = Object.fromEntries(
        [...run.latencies].map(([route, ms]) => [route, Math.round(percentile(ms, 99))]),
      );
      console.log(
        `load: ${CLIENTS} clients, ${run.seconds.toFixed(1)} s: ${run.deliveries} complete deliveries (${(run.deliveries / run.seconds).toFixed(1)}/s), ${run.commands} commands (${Math.round(run.commands / run.seconds)}/s), ${run.reads} timeline reads, 0 errors; ${held.events} events stored and verified with ${held.checkpoints} checkpoints; p99 ms by route ${JSON.stringify(p99)}`,
      );
    } finally {
      await ds.destroy();
    }
  }, 120_000);
});
