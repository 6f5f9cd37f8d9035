import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';

import { LedgerDatabase } from '../src/adapters/ledger-database.js';
import { createApp } from '../src/app.factory.js';
import type { AuthConfig, KeytrailConfig } from '../src/config/keytrail-config.js';
import { systemClock } from '../src/config/clock.js';
import { resolveAuthConfig } from '../src/config/dev-signing-secret.js';
import { loadConfig } from '../src/config/keytrail-config.js';
import type { DemoReport } from '../src/demo/demo-ledger.js';
import type { SITUATIONS } from '../src/demo/demo-plan.js';
import { fillEmbeddedDemo } from '../src/cli/embedded-demo.js';
import { resolveSigningKeys } from '../src/integrity/signing-keys.js';
import { signedCheckpoints, storedLeaves } from '../src/integrity/verification-sources.js';
import { verifyLedger } from '../src/integrity/verify-ledger.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';
import { mintToken } from '../src/modules/auth/token-issuer.js';
import { TokenVerifier } from '../src/modules/auth/token-verifier.js';
import { integritySetup } from '../src/modules/integrity/integrity-setup.js';
import { privacySetup } from '../src/modules/privacy/privacy-setup.js';

/** Every situation, a few routine deliveries and both open stories, few enough for a loaded machine. */
const COUNT = 24;
const DAY = 86_400_000;

interface TimelineEntry {
  readonly type: string;
  readonly recordedAt: string;
  readonly data: Record<string, unknown>;
}

/**
 * `keytrail demo --embedded`: a fresh embedded ledger filled in process, through the real app, its
 * clock simulated from a week ago to now; then served as `npm start` would, with the system clock.
 */
describe('keytrail demo --embedded: a week of history in a fresh embedded ledger', () => {
  let dataDir: string;
  let config: KeytrailConfig;
  let auth: AuthConfig;
  let report: DemoReport;
  let filledAt: number;
  let database: LedgerDatabase;
  let app: NestExpressApplication;
  let served = true;

  const as = async (role: 'investigator' | 'customer', sub: string) => ({
    authorization: `Bearer ${await mintToken(auth, { role, sub })}`,
  });
  const timeline = async (deliveryId: string) => {
    const res = await request(app.getHttpServer())
      .get(`/v1/deliveries/${deliveryId}/timeline`)
      .set(await as('investigator', 'inv-check'));
    expect(res.status).toBe(200);
    return res.body as { phase: string; entries: TimelineEntry[] };
  };
  const anomalies = async (deliveryId: string) => {
    const res = await request(app.getHttpServer())
      .get(`/v1/anomalies?deliveryId=${deliveryId}&limit=100`)
      .set(await as('investigator', 'inv-check'));
    expect(res.status).toBe(200);
    return (res.body.items as { code: string }[]).map((a) => a.code);
  };
  const situation = (name: (typeof SITUATIONS)[number]) => report.situations[name];

  // PGlite runs every migration, then the fill: minutes on a loaded machine.
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'keytrail-demo-week-'));
    config = loadConfig({ KEYTRAIL_DATA_DIR: dataDir });
    report = await fillEmbeddedDemo({ config, count: COUNT, waveSize: 4 });
    filledAt = Date.now();

    // Then `npm start` on the same directory: the system clock, nothing of the demo.
    auth = await resolveAuthConfig(config);
    database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: null,
      dataDir,
      poolSize: 1,
      pollIntervalMs: 50,
    });
    app = await createApp({
      database,
      verifier: await TokenVerifier.create(auth),
      clock: systemClock,
      bodyLimit: '256kb',
      runProjections: true,
      privacy: await privacySetup(config),
      integrity: await integritySetup(config),
      logger: false,
    });
    await app.init();
  }, 600_000);

  afterAll(async () => {
    if (served) await app?.close();
    await database?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records its deliveries over the last week, in recordedAt order along the global log, none in the future', async () => {
    const recorded: number[] = [];
    for (let from = 0, end = false; !end;) {
      const page = await database.store.readAll({ fromPosition: from, maxCount: 1000 });
      recorded.push(...page.events.map((e) => Date.parse(e.metadata.recordedAt)));
      ({ nextPosition: from, isEnd: end } = page);
    }
    expect(recorded.length).toBeGreaterThan(COUNT * 3);
    const first = recorded[0]!;
    const last = recorded.at(-1)!;
    expect(last - first).toBeGreaterThan(6.5 * DAY);
    expect(last).toBeLessThanOrEqual(filledAt);
    expect(recorded.every((at, i) => i === 0 || at >= recorded[i - 1]!)).toBe(true);
    // The deliveries themselves start on many different days of the week.
    const scheduled = await Promise.all(
      report.deliveries.map(async (d) =>
        Date.parse((await timeline(d.deliveryId)).entries[0]!.recordedAt),
      ),
    );
    expect(
      new Set(scheduled.map((at) => Math.floor((filledAt - at) / DAY))).size,
    ).toBeGreaterThanOrEqual(6);
  });

  it('passes verify-ledger: every hash chain, the Merkle tree and each signed checkpoint', async () => {
    const { verifierKeys } = await resolveSigningKeys(config);
    const verification = await verifyLedger(database.store, {
      tree: storedLeaves(database.dataSource),
      checkpoints: await signedCheckpoints(database.dataSource, verifierKeys),
    });
    expect(verification.firstDivergence).toBeNull();
    expect(verification.checkpointsVerified).toBeGreaterThan(0);
    expect(verification.events).toBe(await database.store.headPosition());
  });

  it('shows an unlock denied outside the geofence, and a replayed nonce', async () => {
    const geofence = await timeline(situation('geofence_denied').deliveryId);
    expect(
      geofence.entries.filter((e) => e.type === 'UnlockDenied').map((e) => e.data.reason),
    ).toEqual(['outside_geofence']);
    expect(geofence.phase).toBe('completed');
    const replay = await timeline(situation('nonce_replayed').deliveryId);
    expect(
      replay.entries.filter((e) => e.type === 'UnlockDenied').map((e) => e.data.reason),
    ).toEqual(['replayed_nonce']);
    expect(await anomalies(situation('nonce_replayed').deliveryId)).toContain('nonce_replayed');
  });

  it('shows an ambiguous carmaker result and a stale lock read', async () => {
    const ambiguous = await timeline(situation('ambiguous_result').deliveryId);
    expect(ambiguous.entries.find((e) => e.type === 'UnlockCommandResult')?.data).toMatchObject({
      vendor: 'volvo',
      outcome: 'ambiguous',
    });
    const stale = await timeline(situation('stale_lock_read').deliveryId);
    expect(
      stale.entries
        .filter((e) => e.type === 'VehicleStatusReported')
        .map((e) => e.data.lockVerdict),
    ).toEqual(['status_stale', 'confirmed']);
  });

  it('shows a lock confirmation that came after the watchdog found it overdue, and the car not left unlocked', async () => {
    const { deliveryId } = situation('late_lock_confirmation');
    const { entries, phase } = await timeline(deliveryId);
    const types = entries.map((e) => e.type);
    expect(types).toContain('LockConfirmationOverdue');
    expect(types.indexOf('LockConfirmed')).toBeGreaterThan(
      types.indexOf('LockConfirmationOverdue'),
    );
    expect(types).not.toContain('CarLeftUnlocked');
    expect(phase).toBe('completed');
    expect(await anomalies(deliveryId)).toContain('lock_not_confirmed');
  });

  it('keeps the case open with the reveal in the customer’s access log, and has erased a customer', async () => {
    const opened = await request(app.getHttpServer())
      .get(`/v1/cases/${report.caseId}`)
      .set(await as('investigator', 'inv-check'));
    expect(opened.status).toBe(200);
    expect(opened.body.closedAt ?? null).toBeNull();
    const { customerId } = situation('case_with_reveal');
    const log = await request(app.getHttpServer())
      .get(`/v1/subjects/${customerId}/access-log`)
      .set(await as('customer', customerId));
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).toContain(report.caseId);
    const erased = await timeline(situation('erased_customer').deliveryId);
    expect(JSON.stringify(erased.entries)).toContain('"$personal":"erased"');
  });

  it('refuses a ledger that holds events already, and one in use, and writes nothing', async () => {
    const before = await database.store.headPosition();
    served = false;
    await app.close();
    await database.close();
    await expect(fillEmbeddedDemo({ config, count: COUNT, waveSize: 4 })).rejects.toThrow(
      /holds a ledger already \(\d+ events\)/,
    );
    database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: null,
      dataDir,
      poolSize: 1,
      pollIntervalMs: 50,
    });
    await expect(fillEmbeddedDemo({ config, count: COUNT, waveSize: 4 })).rejects.toThrow(
      /one session; stop npm start/,
    );
    expect(await database.store.headPosition()).toBe(before);
    await expect(
      fillEmbeddedDemo({
        config: loadConfig({ DATABASE_URL: 'postgres://127.0.0.1:9/none' }),
        count: COUNT,
        waveSize: 4,
      }),
    ).rejects.toThrow(/unset DATABASE_URL/);
  }, 120_000);
});
