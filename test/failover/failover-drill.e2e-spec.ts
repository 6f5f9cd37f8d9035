import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';

import { createLedgerDataSource } from '../../src/adapters/postgres/ledger-data-source.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';
import {
  type ConsistencyResponse,
  verifyConsistencyResponse,
} from '../../src/verifier/verify-consistency.js';
import { expectLedgerHolds } from '../chaos/stored-ledger.js';
import {
  chaosDataDir,
  freePort,
  grantBody,
  scheduleDeliveryBody,
  type ServerProcess,
  serverToken,
  startServer,
} from '../chaos/server-process.js';
import type { AcknowledgedEvent } from '../support/delivery-load.js';
import {
  type PostgresServer,
  startReplicatedPair,
  waitForSynchronousStandby,
} from './replicated-postgres.js';

const CLIENTS = 6;
/** The answer deadline the drill runs keytrail with: a commit the standby does not confirm by then is 503. */
const DEADLINE_MS = 2_000;

interface Attempt {
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly status: number | 'failed';
}

interface SeenCheckpoint {
  readonly treeSize: number;
  readonly rootHash: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The failover drill: keytrail (a real process) writes to a primary with a synchronous standby; the
 * primary is killed mid-load (pg_ctl stop -m immediate), the standby promoted (pg_ctl promote), and
 * keytrail, given both hosts with target_session_attrs=read-write, finds the new primary by itself.
 * Every event a client was answered 2xx for must be on the promoted standby; nothing is checkpointed
 * twice; the ledger verifies. With the standby down, writes are refused (503), not acknowledged unreplicated.
 */
describe('failover: the primary is lost under load and its synchronous standby is promoted', () => {
  let primary: PostgresServer;
  let standby: PostgresServer;
  let server: ServerProcess | null = null;
  let service: string;
  let reader: string;

  beforeAll(async () => {
    ({ primary, standby } = await startReplicatedPair(await freePort(), await freePort()));
    service = await serverToken('delivery-system', 'delivery-service');
    reader = await serverToken('inv-failover', 'investigator');
    server = await startServer({
      databaseUrl: `postgres://postgres@127.0.0.1:${primary.port},127.0.0.1:${standby.port}/keytrail?target_session_attrs=read-write`,
      port: await freePort(),
      dataDir: chaosDataDir(),
      env: {
        KEYTRAIL_REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
        KEYTRAIL_CHECKPOINT_EVERY_MS: '200',
        KEYTRAIL_CHECKPOINT_EVERY_EVENTS: '50',
      },
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await primary?.destroy();
    await standby?.destroy();
  });

  const post = async (path: string, body: unknown, key: string) => {
    const res = await fetch(`${server!.base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${service}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as {
        events?: AcknowledgedEvent[];
        replayed?: boolean;
        error?: { code: string };
      },
    };
  };

  const latestCheckpoint = async (): Promise<(SeenCheckpoint & { keyId: string }) | null> => {
    const res = await fetch(`${server!.base}/v1/checkpoints/latest`, {
      headers: { authorization: `Bearer ${reader}` },
    });
    return res.status === 200 ? ((await res.json()) as SeenCheckpoint & { keyId: string }) : null;
  };

  it('with the standby down, refuses writes with 503 STORE.UNAVAILABLE, and stores them once it is back', async () => {
    const first = await post('/v1/deliveries', scheduleDeliveryBody('d-sync-0'), 'k-d-sync-0');
    expect(first.status).toBe(201);

    await standby.stop('fast');
    const begun = performance.now();
    const blocked = scheduleDeliveryBody('d-sync-1');
    const refused = await post('/v1/deliveries', blocked, 'k-d-sync-1').finally(() =>
      setTimeout(() => void standby.start(), 500),
    );
    const refusedAfterMs = performance.now() - begun;
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 503,
      code: 'STORE.UNAVAILABLE',
    });
    expect(refused.retryAfter).toBe('1');

    await sleep(600);
    await waitForSynchronousStandby(primary);
    // The commit that waited for the standby completes now: the retry with the same key gets it, once.
    let retry = await post('/v1/deliveries', blocked, 'k-d-sync-1');
    for (let i = 0; i < 50 && retry.status === 503; i += 1) {
      await sleep(100);
      retry = await post('/v1/deliveries', blocked, 'k-d-sync-1');
    }
    expect([200, 201]).toContain(retry.status);
    expect(retry.body.events).toHaveLength(1);
    const stored = new pg.Client({ connectionString: primary.url() });
    await stored.connect();
    const { rows } = await stored
      .query<{ count: string }>(
        `SELECT count(*) FROM ledger.events WHERE stream_id = 'delivery-d-sync-1'`,
      )
      .finally(() => stored.end());
    expect(Number(rows[0]!.count)).toBe(1);
    console.log(
      `failover drill, standby down: a write answered 503 STORE.UNAVAILABLE after ${Math.round(refusedAfterMs)} ms (deadline ${DEADLINE_MS} ms); after the standby came back its retry with the same key answered ${retry.status}${retry.body.replayed ? ' (the blocked commit, replayed)' : ''}; stored once`,
    );
  }, 60_000);

  it('loses no acknowledged event, keeps its checkpoints consistent and takes writes again on the promoted standby', async () => {
    const acknowledged: AcknowledgedEvent[] = [];
    const attempts: Attempt[] = [];
    const seen = new Map<number, Set<string>>();
    let sending = true;
    let n = 0;

    // One command after the other, each retried with its own Idempotency-Key until it is answered 2xx.
    const command = async (path: string, body: unknown, key: string) => {
      for (;;) {
        const sentAt = performance.now();
        let status: number | 'failed' = 'failed';
        try {
          const answer = await post(path, body, key);
          status = answer.status;
          if (status >= 200 && status < 300) acknowledged.push(...(answer.body.events ?? []));
        } catch {
          // the connection was cut: the outcome is unknown, so the same key is sent again
        }
        attempts.push({ sentAt, answeredAt: performance.now(), status });
        if (typeof status === 'number' && status < 300) return;
        if (typeof status === 'number' && status !== 503)
          throw new Error(
            `${path} answered ${status}: ${server!.output
              .join('')
              .split('\n')
              .filter(
                (line) =>
                  /"level":"error"/.test(line) &&
                  !/EventStoreUnavailableError|No database connection/.test(line),
              )
              .slice(-4)
              .join('\n')}`,
          );
        await sleep(50);
      }
    };
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (sending) {
        const id = `d-fo-${(n += 1)}`;
        await command('/v1/deliveries', scheduleDeliveryBody(id), `k-${id}`);
        await command(`/v1/deliveries/${id}/grants`, grantBody(id), `k-grant-${id}`);
      }
    });
    const watcher = (async () => {
      while (sending) {
        const checkpoint = await latestCheckpoint().catch(() => null);
        if (checkpoint)
          (
            seen.get(checkpoint.treeSize) ??
            seen.set(checkpoint.treeSize, new Set()).get(checkpoint.treeSize)!
          ).add(checkpoint.rootHash);
        await sleep(50);
      }
    })();

    await sleep(2_500);
    const before = await latestCheckpoint();
    expect(before).not.toBeNull();
    await primary.stop('immediate');
    // From here the primary's processes are gone: a write answered 2xx was stored by the standby.
    const killedAt = performance.now();
    const promoteBegun = killedAt;
    await standby.promote();
    const promotedAt = performance.now();
    const firstStoredAfter = async () => {
      for (;;) {
        const ok = attempts
          .filter((a) => a.sentAt > killedAt && a.status !== 'failed' && a.status < 300)
          .sort((a, b) => a.answeredAt - b.answeredAt)[0];
        if (ok) return ok;
        if (performance.now() - killedAt > 30_000)
          throw new Error(
            `no write was stored after the failover: ${JSON.stringify(attempts.slice(-20))} ${server!.output.join('').slice(-3000)}`,
          );
        await sleep(20);
      }
    };
    const resumed = await firstStoredAfter();
    const refusedMs = resumed.answeredAt - killedAt;
    await sleep(2_500);
    sending = false;
    await Promise.all([...clients, watcher]);

    // Every later append succeeds: each command sent once the standby was promoted and had stored a
    // write (a connection attempt begun before the promotion may still have failed with 503).
    const settledAt = Math.max(resumed.answeredAt, promotedAt);
    const later = attempts.filter((a) => a.sentAt > settledAt);
    expect(later.filter((a) => a.status !== 200 && a.status !== 201)).toEqual([]);
    expect(later.length).toBeGreaterThan(0);
    const refused = attempts.filter(
      (a) =>
        a.answeredAt > killedAt && a.sentAt <= settledAt && a.status !== 201 && a.status !== 200,
    );
    const byStatus = new Map<string, number>();
    for (const a of refused)
      byStatus.set(String(a.status), (byStatus.get(String(a.status)) ?? 0) + 1);
    const refusedAnswers = [...byStatus].map(([status, count]) => `${count} × ${status}`);

    // The first checkpoint after the failover extends the last one before it.
    let after = await latestCheckpoint();
    for (let i = 0; i < 100 && (after?.treeSize ?? 0) <= before!.treeSize; i += 1) {
      await sleep(100);
      after = await latestCheckpoint();
    }
    expect(after!.treeSize).toBeGreaterThan(before!.treeSize);
    const { verifierKeys } = (await (
      await fetch(`${server!.base}/v1/checkpoints/keys`)
    ).json()) as {
      verifierKeys: string[];
    };
    const consistency = (await (
      await fetch(
        `${server!.base}/v1/checkpoints/consistency?from=${before!.treeSize}&to=${after!.treeSize}`,
        { headers: { authorization: `Bearer ${reader}` } },
      )
    ).json()) as ConsistencyResponse;
    const report = verifyConsistencyResponse(consistency, verifierKeys[0]!);
    expect(report.failures).toEqual([]);
    expect(report.ok).toBe(true);
    // No tree size was ever shown with two roots.
    expect([...seen].filter(([, roots]) => roots.size > 1)).toEqual([]);

    // Every acknowledged event is on the promoted standby, exactly as answered, and the ledger verifies.
    const ds = createLedgerDataSource({ url: standby.url(), poolSize: 2 }, LEDGER_SCHEMA);
    await ds.initialize();
    try {
      const held = await expectLedgerHolds(ds, acknowledged, server!.base);
      const lost = acknowledged.length - held.checked;
      expect(lost).toBe(0);
      console.log(
        `failover drill: ${CLIENTS} clients, ${acknowledged.length} acknowledged events, ${lost} lost; writes refused for ${Math.round(refusedMs)} ms from the primary's kill to the first write answered 2xx by the promoted standby (pg_ctl promote took ${Math.round(promotedAt - promoteBegun)} ms; meanwhile ${refusedAnswers.join(', ') || 'no answer'} refused, retried with the same Idempotency-Key; none sent after the promotion and that first write); checkpoint ${before!.treeSize} → ${after!.treeSize} consistent; ${held.events} events and ${held.checkpoints} checkpoints verified; ${seen.size} tree sizes seen, none with two roots`,
      );
    } finally {
      await ds.destroy();
    }
  }, 90_000);
});
