import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLedgerDataSource } from '../../src/adapters/postgres/ledger-data-source.js';
import type { AcknowledgedEvent } from '../support/delivery-load.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import {
  chaosDataDir,
  freePort,
  grantBody,
  scheduleDeliveryBody,
  type ServerProcess,
  serverToken,
  startServer,
} from './server-process.js';
import { expectLedgerHolds } from './stored-ledger.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';

const KILLS = Number(process.env.CHAOS_KILLS ?? 10);
const CLIENTS = 16;

interface Sent {
  readonly key: string;
  readonly deliveryId: string;
  readonly path: string;
  readonly body: object;
  /** The events a 2xx answer listed, if one came. */
  acknowledged: AcknowledgedEvent[] | null;
}

/**
 * SIGKILL the API process at random moments while clients send commands, ten times, restarting it
 * each time. Then: every command that got a 2xx is stored exactly once with all its events; nothing is
 * half-stored (each stream's revisions run unbroken and a retry of every command, answered or not, is
 * either a replay of what is stored or stored now, once); every hash chain verifies.
 */
describe('crash: SIGKILL during a load of commands', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  let token = '';
  const sent: Sent[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    token = await serverToken('delivery-system', 'delivery-service');
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
  });

  const send = async (base: string, command: Sent): Promise<number> => {
    const res = await fetch(`${base}${command.path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': command.key,
      },
      body: JSON.stringify(command.body),
    });
    const answer = (await res.json()) as { events?: Sent['acknowledged'] };
    if (res.status >= 200 && res.status < 300) command.acknowledged = answer.events ?? [];
    return res.status;
  };

  /** One delivery's commands in order: schedule, location, approaching, a grant. */
  const commandsOf = (deliveryId: string): Omit<Sent, 'acknowledged'>[] => {
    const now = Date.now();
    const iso = (ms: number) => new Date(now + ms).toISOString();
    return [
      {
        path: '/v1/deliveries',
        body: scheduleDeliveryBody(deliveryId),
      },
      {
        path: `/v1/deliveries/${deliveryId}/approaching`,
        body: { courierId: 'c-1', eta: iso(600_000), courierName: null },
      },
      {
        path: `/v1/deliveries/${deliveryId}/grants`,
        body: grantBody(deliveryId, now),
      },
      { path: `/v1/deliveries/${deliveryId}/block`, body: { reason: null } },
    ].map((c, i) => ({ ...c, deliveryId, key: `${deliveryId}-${i}` }));
  };

  it(`loses nothing acknowledged and half-stores nothing across ${KILLS} SIGKILLs`, async () => {
    const port = await freePort();
    const dataDir = chaosDataDir();
    const start = () => startServer({ databaseUrl: database.url, port, dataDir });
    let delivery = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      server = await start();
      const running = server;
      let alive = true;
      // Clients, each walking deliveries command by command until the process dies under them.
      const clients = Array.from({ length: CLIENTS }, async () => {
        while (alive) {
          const commands = commandsOf(`d-k${kill}-${(delivery += 1)}-${randomUUID().slice(0, 4)}`);
          for (const command of commands) {
            const entry: Sent = { ...command, acknowledged: null };
            sent.push(entry);
            try {
              const status = await send(running.base, entry);
              expect(status).toBeLessThan(500);
            } catch {
              return; // the connection died with the process
            }
          }
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900));
      alive = false;
      expect(await running.stop('SIGKILL')).toBeNull();
      await Promise.all(clients);
    }

    // Restart once more and retry everything, answered or not, with its idempotency key.
    server = await start();
    const acknowledgedBefore = new Map(
      sent.filter((s) => s.acknowledged).map((s) => [s.key, s.acknowledged!]),
    );
    for (const command of sent) {
      const retried: Sent = { ...command, acknowledged: null };
      // A command after one that never landed may be refused by the rules (a grant before its
      // delivery exists): that is an answer, not a loss. Only a 5xx would be wrong.
      expect(await send(server.base, retried)).toBeLessThan(500);
      const earlier = acknowledgedBefore.get(command.key);
      if (earlier) expect(retried.acknowledged).toEqual(earlier); // the same events, not new ones
    }

    const ds = createLedgerDataSource({ url: database.url, poolSize: 2 }, LEDGER_SCHEMA);
    await ds.initialize();
    try {
      const held = await expectLedgerHolds(
        ds,
        [...acknowledgedBefore.values()].flat(),
        server.base,
      );
      expect(held.checked).toBeGreaterThan(KILLS * 20);
      console.log(
        `chaos: ${KILLS} SIGKILLs, ${sent.length} commands sent, ${acknowledgedBefore.size} acknowledged before the retry, ${held.events} events stored and verified, ${held.leaves} tree leaves and ${held.checkpoints} checkpoints`,
      );
    } finally {
      await ds.destroy();
    }
  }, 300_000);
});
