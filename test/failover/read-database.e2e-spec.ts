import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';

import { LedgerDatabase } from '../../src/adapters/ledger-database.js';
import { READ_MODELS_APPLICATION_NAME } from '../../src/adapters/read-models.js';
import { createApp } from '../../src/app.factory.js';
import { systemClock } from '../../src/config/clock.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';
import { mintToken } from '../../src/modules/auth/token-issuer.js';
import { TokenVerifier } from '../../src/modules/auth/token-verifier.js';
import { freePort, grantBody, scheduleDeliveryBody } from '../chaos/server-process.js';
import { testIntegrity } from '../support/test-integrity.js';
import { type TestPrivacy, testPrivacy } from '../support/test-privacy.js';
import { TEST_AUTH } from '../support/test-app.js';
import { type PostgresServer, startReplicatedPair } from './replicated-postgres.js';

interface TimelineAnswer {
  computedFrom: 'read-model' | 'ledger';
  entries: { type: string }[];
}

/** How long a timeline read waits for the projection before the ledger's events answer it. */
const FRESHNESS_WAIT_MS = 1500;

/**
 * KEYTRAIL_READ_DATABASE_URL: the query side reads the read models from a streaming standby, while
 * commands, the events, the projections' writes and their checkpoints stay on the primary. A
 * timeline read waits for the projection as the standby sees it, so a client reads its own writes,
 * and a standby whose replay stands still is never answered from.
 */
describe('read models served from the standby (KEYTRAIL_READ_DATABASE_URL)', () => {
  let primary: PostgresServer;
  let standby: PostgresServer;
  let database: LedgerDatabase;
  let app: NestExpressApplication;
  let privacy: TestPrivacy;
  let http: ReturnType<typeof request>;
  let service: string;
  let investigator: string;

  const onStandby = async <T extends pg.QueryResultRow>(text: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: standby.url() });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  };

  const timeline = async (deliveryId: string) => {
    const begun = performance.now();
    const res = await http
      .get(`/v1/deliveries/${deliveryId}/timeline`)
      .set('authorization', `Bearer ${investigator}`);
    expect(res.status).toBe(200);
    const body = res.body as TimelineAnswer;
    return {
      tookMs: performance.now() - begun,
      computedFrom: body.computedFrom,
      types: body.entries.map((e) => e.type),
    };
  };

  const command = async (path: string, body: unknown, key: string) => {
    const res = await http
      .post(path)
      .set('authorization', `Bearer ${service}`)
      .set('idempotency-key', key)
      .send(body as object);
    expect(res.status).toBeLessThan(300);
  };

  beforeAll(async () => {
    ({ primary, standby } = await startReplicatedPair(await freePort(), await freePort()));
    database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: primary.url(),
      readDatabaseUrl: standby.url(),
      dataDir: '/nonexistent',
      poolSize: 4,
      pollIntervalMs: 50,
      clock: systemClock,
    });
    privacy = await testPrivacy();
    app = await createApp({
      database,
      verifier: await TokenVerifier.create(TEST_AUTH),
      clock: systemClock,
      bodyLimit: '256kb',
      runProjections: true,
      privacy,
      integrity: testIntegrity(),
      logger: false,
    });
    await app.init();
    http = request(app.getHttpServer());
    service = await mintToken(TEST_AUTH, { role: 'delivery-service', sub: 'delivery-system' });
    investigator = await mintToken(TEST_AUTH, { role: 'investigator', sub: 'inv-reads' });
  }, 90_000);

  afterAll(async () => {
    await onStandby('SELECT pg_wal_replay_resume()').catch(() => undefined);
    await app?.close();
    await database?.close();
    await privacy?.remove();
    await primary?.destroy();
    await standby?.destroy();
  });

  it('answers a timeline from the standby’s rows at once, the client’s own write included', async () => {
    await command('/v1/deliveries', scheduleDeliveryBody('d-read-1'), 'k-read-1');
    const read = await timeline('d-read-1');
    expect(read).toMatchObject({ computedFrom: 'read-model', types: ['DeliveryScheduled'] });

    // The read pool's sessions are on the standby, named, and their last statements read the read models.
    const sessions = await onStandby<{ application_name: string; query: string }>(
      `SELECT application_name, query FROM pg_stat_activity WHERE datname = 'keytrail'`,
    );
    const ours = sessions.filter((s) => s.application_name === READ_MODELS_APPLICATION_NAME);
    expect(ours.length).toBeGreaterThan(0);
    expect(
      ours.some((s) =>
        /timeline_(entries|stories)|delivery_summaries|projection_checkpoints/.test(s.query),
      ),
    ).toBe(true);
  });

  it('with the standby’s replay paused, does not answer its stale rows: waits, then answers from the ledger; from the standby again once replay resumes', async () => {
    await onStandby('SELECT pg_wal_replay_pause()');
    try {
      // A synchronous commit waits for the standby's flush, not its replay: the write is taken.
      await command('/v1/deliveries/d-read-1/grants', grantBody('d-read-1'), 'k-read-1-grant');
      const paused = await timeline('d-read-1');
      expect(paused.types).toEqual(['DeliveryScheduled', 'AccessGranted']);
      expect(paused.computedFrom).toBe('ledger');
      expect(paused.tookMs).toBeGreaterThanOrEqual(FRESHNESS_WAIT_MS);

      const health = await http.get('/health');
      expect(health.status).toBe(200);
      const report = (health.body as { details: Record<string, Record<string, unknown>> }).details
        .readDatabase!;
      expect(report).toMatchObject({ status: 'up', standby: true, replayPaused: true });
      expect(
        (report.behindPrimary as Record<string, number>)['delivery-timeline'],
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await onStandby('SELECT pg_wal_replay_resume()');
    }
    const resumed = await timeline('d-read-1');
    expect(resumed).toMatchObject({
      computedFrom: 'read-model',
      types: ['DeliveryScheduled', 'AccessGranted'],
    });
  });

  it('keeps the writes on the primary: the standby refuses them, the read pool cannot make them', async () => {
    await expect(
      database.readModels.dataSource.query(`DELETE FROM read.timeline_entries`),
    ).rejects.toThrow(/read-only/);
    expect(database.readModels.separate).toBe(true);
  });

  it('with the standby down, answers queries 503 STORE.UNAVAILABLE (retry), and /health says the read database is down while /health/ready stays up', async () => {
    await standby.stop('immediate');
    try {
      for (const path of ['/v1/deliveries/d-read-1/timeline', '/v1/deliveries?limit=5']) {
        const answer = await http.get(path).set('authorization', `Bearer ${investigator}`);
        expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({
          path,
          status: 503,
          code: 'STORE.UNAVAILABLE',
        });
        expect(answer.headers['retry-after']).toBe('1');
      }
      const health = await http.get('/health');
      expect(health.status).toBe(503);
      expect(health.body.error.details.error.readDatabase.status).toBe('down');
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.details.readDatabase).toMatchObject({ status: 'up', reachable: false });
    } finally {
      await standby.start();
    }
  }, 60_000);
});
