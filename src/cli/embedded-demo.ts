import type { AddressInfo } from 'node:net';

import { LedgerDatabase } from '../adapters/ledger-database.js';
import { createApp } from '../app.factory.js';
import { resolveAuthConfig } from '../config/dev-signing-secret.js';
import { ConfigurationError, type KeytrailConfig } from '../config/keytrail-config.js';
import { LEDGER_SCHEMA } from '../ledger-schema.js';
import { DEFAULT_CONNECTOR_REFUSAL_LIMITS } from '../modules/auth/connector-refusal-limiter.js';
import { TokenVerifier } from '../modules/auth/token-verifier.js';
import { integritySetup } from '../modules/integrity/integrity-setup.js';
import { privacySetup } from '../modules/privacy/privacy-setup.js';
import { type DemoReport, fillDemoLedger } from '../demo/demo-ledger.js';
import { LedgerClock } from '../demo/ledger-clock.js';
import { SimulatedClock } from '../demo/simulated-clock.js';
import { weekPace } from '../demo/week-pace.js';

const DAY = 86_400_000;

export interface EmbeddedDemoOptions {
  /** The configuration `npm start` will serve the ledger with (its data directory, keys, rules). */
  readonly config: KeytrailConfig;
  readonly count: number;
  /** Deliveries driven together at one moment of the ledger's time. */
  readonly waveSize: number;
  /** How far back the history starts (7 days). */
  readonly days?: number;
  /** The wall clock's now, in ms (tests). */
  readonly now?: number;
}

/** The embedded ledger is in use, or holds a ledger already. */
export class EmbeddedLedgerNotFresh extends Error {
  override name = 'EmbeddedLedgerNotFresh';
}

/** The embedded demo fills the embedded ledger only: a server's ledger is filled through its API. */
export function refuseServerLedger(config: KeytrailConfig): void {
  if (config.databaseUrl || config.eventStoreUrl)
    throw new ConfigurationError(
      'demo --embedded fills the embedded ledger: unset DATABASE_URL and EVENTSTORE_URL (to fill a running ledger, run the demo without --embedded)',
    );
}

/**
 * Fills the embedded ledger in `config.dataDir` with a week of history, in this process: the real app
 * on a loopback port (its command pipeline, watchdog, projections and checkpoints), its clock a
 * simulated one that starts `days` ago and is moved forward between waves of deliveries, never back.
 */
export async function fillEmbeddedDemo(options: EmbeddedDemoOptions): Promise<DemoReport> {
  const { config } = options;
  refuseServerLedger(config);
  const now = options.now ?? Date.now();
  const from = now - (options.days ?? 7) * DAY;
  const clock = new SimulatedClock(from);
  let database: LedgerDatabase;
  try {
    database = await LedgerDatabase.open({
      schema: LEDGER_SCHEMA,
      databaseUrl: null,
      dataDir: config.dataDir,
      poolSize: 1,
      pollIntervalMs: config.pollIntervalMs,
      clock,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new EmbeddedLedgerNotFresh(
      /in use|already open/.test(message)
        ? `${message}: the embedded ledger has one session; stop npm start, fill it, then start it again`
        : message,
      { cause: error },
    );
  }
  try {
    const head = await database.store.headPosition();
    if (head > 0)
      throw new EmbeddedLedgerNotFresh(
        `${config.dataDir} holds a ledger already (${head} events), and a ledger's history cannot be written before its last event: give a fresh --data-dir, or run the demo against the running ledger without --embedded`,
      );
    const auth = await resolveAuthConfig(config);
    const app = await createApp({
      database,
      verifier: await TokenVerifier.create(auth),
      connectorRefusals: {
        ...DEFAULT_CONNECTOR_REFUSAL_LIMITS,
        limit: config.connectorRefusalsPerMinute,
      },
      clock,
      bodyLimit: config.bodyLimit,
      answerTimeoutMs: config.answerTimeoutMs,
      timeRules: config.timeRules,
      sourceKeys: config.sourceKeys,
      requireDeviceSignatures: config.requireDeviceSignatures,
      runProjections: true,
      privacy: await privacySetup(config),
      integrity: await integritySetup(config),
      logger: false,
    });
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as AddressInfo;
      return await fillDemoLedger({
        url: `http://127.0.0.1:${port}`,
        auth,
        count: options.count,
        concurrency: options.waveSize,
        clock: new LedgerClock(() => clock.nowMs()),
        pace: weekPace(clock, from, now, options.waveSize),
      });
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}
