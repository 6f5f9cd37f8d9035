import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';

import { PrivatePostgres } from './private-postgres.js';
import {
  chaosDataDir,
  freePort,
  scheduleDeliveryBody,
  type ServerProcess,
  serverToken,
  startServer,
} from './server-process.js';

/**
 * PostgreSQL goes down under load and comes back: while it is down callers get 503 with Retry-After,
 * never a 500; the app reconnects by itself; nothing acknowledged is lost.
 */
describe('crash: PostgreSQL restarts under load', () => {
  let database: PrivatePostgres;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    database = await PrivatePostgres.create(await freePort());
  }, 60_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    database?.destroy();
  });

  it('answers 503 with Retry-After while it is down, reconnects, and loses nothing', async () => {
    const token = await serverToken('delivery-system', 'delivery-service');
    server = await startServer({
      databaseUrl: database.url(),
      port: await freePort(),
      dataDir: chaosDataDir(),
    });
    const base = server.base;
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let missingRetryAfter = 0;
    let phase: 'before' | 'down' | 'after' = 'before';
    const afterRestart: number[] = [];
    let sending = true;
    let n = 0;
    const clients = Array.from({ length: 8 }, async () => {
      while (sending) {
        const deliveryId = `d-pg-${(n += 1)}`;
        const res = await fetch(`${base}/v1/deliveries`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': `k-${deliveryId}`,
          },
          body: JSON.stringify(scheduleDeliveryBody(deliveryId)),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201) acknowledged.push(deliveryId);
        if (res.status === 503 && !res.headers.get('retry-after')) missingRetryAfter += 1;
        if (phase === 'after') afterRestart.push(res.status);
        if (res.status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    phase = 'down';
    database.stop('immediate');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Alive (do not restart it), but not ready (send no traffic) while its database is down.
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const notReady = await fetch(`${base}/health/ready`);
    expect(notReady.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    database.start();
    phase = 'after';
    // The app must find the database again by itself: wait for commands to succeed again.
    const deadline = Date.now() + 30_000;
    while (!afterRestart.includes(201) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    sending = false;
    await Promise.all(clients);

    const answers = Object.fromEntries(statuses);
    console.log(`database restart: answers ${JSON.stringify(answers)}`);
    expect(Object.keys(answers).filter((s) => Number(s) >= 500 && s !== '503')).toEqual([]);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(missingRetryAfter).toBe(0);
    expect(afterRestart).toContain(201);

    const client = new pg.Client({ connectionString: database.url() });
    await client.connect();
    try {
      const { rows } = await client.query<{ stream_id: string }>(
        `SELECT stream_id FROM ledger.events WHERE type = 'DeliveryScheduled'`,
      );
      const stored = new Set(rows.map((r) => r.stream_id));
      expect(acknowledged.filter((id) => !stored.has(`delivery-${id}`))).toEqual([]);
    } finally {
      await client.end();
    }
  }, 120_000);
});
