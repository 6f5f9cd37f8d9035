import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';

import { LedgerDatabase } from '../src/adapters/ledger-database.js';
import { createApp } from '../src/app.factory.js';
import { mintToken } from '../src/modules/auth/token-issuer.js';
import { TokenVerifier } from '../src/modules/auth/token-verifier.js';
import { SettableClock } from './support/settable-clock.js';
import { TEST_AUTH } from './support/test-app.js';
import { testPrivacy } from './support/test-privacy.js';
import { testIntegrity } from './support/test-integrity.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

const open = (dataDir: string) =>
  LedgerDatabase.open({
    schema: LEDGER_SCHEMA,
    databaseUrl: null,
    dataDir,
    poolSize: 10,
    pollIntervalMs: 50,
  });

describe('embedded mode (no DATABASE_URL)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'keytrail-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the API on PGlite in the data directory, keeps the ledger across restarts, and allows one owner', async () => {
    const first = await open(dataDir);
    expect(first.mode).toBe('embedded');
    await expect(open(dataDir)).rejects.toThrow(/already open/);

    const privacy = await testPrivacy();
    const app = await createApp({
      database: first,
      verifier: await TokenVerifier.create(TEST_AUTH),
      clock: new SettableClock('2026-11-25T12:00:00.000Z'),
      bodyLimit: '256kb',
      runProjections: true,
      privacy,
      integrity: testIntegrity(),
      logger: false,
    });
    await app.init();
    const token = await mintToken(TEST_AUTH, { sub: 'delivery-system', role: 'delivery-service' });
    const scheduled = await request(app.getHttpServer())
      .post('/v1/deliveries')
      .set('authorization', `Bearer ${token}`)
      .send({
        deliveryId: 'd-embedded',
        orderId: 'o-1',
        customerId: 'cust-1',
        vehicleId: 'v-1',
        vendor: 'tesla',
        window: { from: '2026-11-25T13:00:00Z', to: '2026-11-25T17:00:00Z' },
        target: 'trunk',
      });
    expect(scheduled.status).toBe(201);
    await app.close();
    await privacy.remove();
    await first.close();

    const reopened = await open(dataDir);
    try {
      const [event] = await reopened.store.readStream('delivery-d-embedded');
      expect(event).toMatchObject({
        type: 'DeliveryScheduled',
        metadata: { globalPosition: 0, hash: scheduled.body.events[0].hash },
      });
      expect(await reopened.store.headPosition()).toBe(1);
    } finally {
      await reopened.close();
    }
  }, 180_000); // PGlite runs every migration in WebAssembly on one connection: minutes on a loaded machine
});
