import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLedgerDataSource, poolOf } from '../../src/adapters/postgres/ledger-data-source.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  chaosDataDir,
  freePort,
  scheduleDeliveryBody,
  serverToken,
  startServer,
} from './server-process.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';

/**
 * Graceful shutdown: SIGTERM while clients send commands. The process stops accepting, answers what
 * it had in flight, flushes pending appends and exits 0; every command answered 2xx is stored.
 */
describe('graceful shutdown on SIGTERM', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('finishes in-flight commands, stores every acknowledged one, then exits 0', async () => {
    const token = await serverToken('delivery-system', 'delivery-service');
    const server = await startServer({
      databaseUrl: database.url,
      port: await freePort(),
      dataDir: chaosDataDir(),
    });
    const acknowledged: string[] = [];
    const answers = new Map<string, number>();
    let sending = true;
    let n = 0;
    const clients = Array.from({ length: 24 }, async () => {
      while (sending) {
        const deliveryId = `d-term-${(n += 1)}`;
        try {
          const res = await fetch(`${server.base}/v1/deliveries`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(scheduleDeliveryBody(deliveryId)),
          });
          answers.set(String(res.status), (answers.get(String(res.status)) ?? 0) + 1);
          if (res.status === 201) acknowledged.push(deliveryId);
          await res.arrayBuffer();
        } catch {
          answers.set('refused', (answers.get('refused') ?? 0) + 1);
          return; // the server stopped accepting
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const code = await server.stop('SIGTERM');
    sending = false;
    await Promise.all(clients);
    expect(code).toBe(0);
    // The process logs JSON lines only: its own and one per request, each with its request id.
    const lines = server.output
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; status?: number; requestId?: string });
    expect(lines.map((l) => l.msg)).toContain('SIGTERM: stopping');
    const logged = lines.filter((l) => l.msg === 'request' && l.status === 201);
    expect(logged.every((l) => typeof l.requestId === 'string')).toBe(true);
    // Nothing half-answered: every answer was a 201 (or a refused connection after the stop).
    expect([...answers.keys()].filter((k) => k !== '201' && k !== 'refused')).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(20);
    expect(logged.length).toBeGreaterThanOrEqual(acknowledged.length);

    const ds = createLedgerDataSource({ url: database.url, poolSize: 1 }, LEDGER_SCHEMA);
    await ds.initialize();
    try {
      const { rows } = await poolOf(ds).query<{ stream_id: string }>(
        `SELECT stream_id FROM ledger.events WHERE type = 'DeliveryScheduled'`,
      );
      const stored = new Set(rows.map((r) => r.stream_id));
      expect(acknowledged.filter((id) => !stored.has(`delivery-${id}`))).toEqual([]);
      console.log(
        `sigterm: ${acknowledged.length} acknowledged, all stored; answers ${JSON.stringify(Object.fromEntries(answers))}`,
      );
    } finally {
      await ds.destroy();
    }
  }, 120_000);
});
