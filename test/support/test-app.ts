import path from 'node:path';

import type { LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';

import { LedgerDatabase } from '../../src/adapters/ledger-database.js';
import { type AppOptions, createApp } from '../../src/app.factory.js';
import type { AuthConfig } from '../../src/config/keytrail-config.js';
import type { Vendor } from '../../src/domain/delivery/delivery.vocabulary.js';
import type { Role } from '../../src/domain/shared/actor.js';
import type { ProjectionRuntime } from '../../projections/runtime/projection-runtime.js';
import { mintToken } from '../../src/modules/auth/token-issuer.js';
import { PROJECTION_RUNTIME } from '../../src/modules/projections/projection-runtime.provider.js';
import { TokenVerifier } from '../../src/modules/auth/token-verifier.js';
import { LedgerMetrics } from '../../src/observability/ledger-metrics.js';
import { SettableClock } from './settable-clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { type TestPrivacy, testPrivacy } from './test-privacy.js';
import { testIntegrity } from './test-integrity.js';
import type { IntegrityDependencies } from '../../src/modules/integrity/integrity.tokens.js';
import type { PrivacyDependencies } from '../../src/modules/privacy/privacy.tokens.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';

export const TEST_AUTH: AuthConfig = {
  hmacSecrets: ['test-secret-that-is-long-enough-for-hs256!'],
  jwksFile: null,
  issuer: 'keytrail',
  audience: 'keytrail-api',
};

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly database: LedgerDatabase;
  /** The scratch database's URL, for what connects on its own (verify-ledger's workers). */
  readonly databaseUrl: string;
  readonly clock: SettableClock;
  readonly http: ReturnType<typeof request>;
  readonly projections: ProjectionRuntime;
  readonly privacy: TestPrivacy;
  readonly integrity: IntegrityDependencies;
  readonly metrics: LedgerMetrics;
  /** A token for the role; a connector's is bound to `vendor` (none: refused, AUTH.VENDOR_REQUIRED). */
  token(role: Exclude<Role, 'system'>, sub?: string, vendor?: Vendor): Promise<string>;
  /** Waits until every projection has applied everything appended so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The real Nest app on a fresh database of the real PostgreSQL server, its clock under control. */
export async function startTestApp(
  privacyOverrides: Partial<PrivacyDependencies> = {},
  logger?: LoggerService,
  {
    jwksFile = null,
    integrity: integrityOverride,
    ...appOptions
  }: Pick<
    AppOptions,
    | 'answerTimeoutMs'
    | 'headersTimeoutMs'
    | 'requestLog'
    | 'connectorRefusals'
    | 'projectionStallSeconds'
    | 'sourceKeys'
    | 'requireDeviceSignatures'
    | 'trustProxyHops'
  > & {
    /** An identity provider's keys, trusted beside the test secret. */
    readonly jwksFile?: string | null;
    /** The log's key and witnesses (default: a fresh key, no witness). */
    readonly integrity?: IntegrityDependencies;
  } = {},
): Promise<TestApp> {
  const testDatabase: TestDatabase = await createTestDatabase();
  const clock = new SettableClock('2026-11-25T12:00:00.000Z');
  const metrics = new LedgerMetrics({ processMetrics: false });
  const database = await LedgerDatabase.open({
    schema: LEDGER_SCHEMA,
    databaseUrl: testDatabase.url,
    // The journeys run on EventStoreDB too, when one is there: events there, read models here.
    eventStoreUrl: process.env.E2E_EVENTSTORE_URL ?? null,
    dataDir: '/nonexistent',
    poolSize: 6,
    pollIntervalMs: 50,
    clock,
    observer: metrics,
  });
  const privacy = await testPrivacy(privacyOverrides);
  const integrity = integrityOverride ?? testIntegrity();
  const app = await createApp({
    database,
    metrics,
    verifier: await TokenVerifier.create({ ...TEST_AUTH, jwksFile }),
    clock,
    bodyLimit: '256kb',
    runProjections: true,
    privacy,
    integrity,
    webRoot: path.resolve('dist/web'),
    ...appOptions,
    ...(logger ? { logger } : process.env.KEYTRAIL_TEST_LOGS ? {} : { logger: false as const }),
  });
  await app.init();
  const projections = app.get<ProjectionRuntime>(PROJECTION_RUNTIME);
  return {
    app,
    database,
    databaseUrl: testDatabase.url,
    clock,
    projections,
    privacy,
    integrity,
    metrics,
    http: request(app.getHttpServer()),
    token: (role, sub = `${role}-1`, vendor) =>
      mintToken(TEST_AUTH, { role, sub, ...(vendor !== undefined ? { vendor } : {}) }),
    async settle() {
      const head = await database.store.headPosition();
      if (!(await projections.reached(head, 10_000)))
        throw new Error('projections did not catch up');
    },
    async close() {
      await app.close();
      await database.close();
      await testDatabase.drop();
      await privacy.remove();
    },
  };
}
