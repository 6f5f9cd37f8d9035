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
import { type DemoPace, type DemoReport, fillDemoLedger } from './demo-ledger.js';
import { type PlannedDelivery, type Situation, SITUATIONS, type Story } from './demo-plan.js';
import { LedgerClock } from './ledger-clock.js';
import { SimulatedClock } from './simulated-clock.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The watchdog records a lock confirmation overdue 120 s after the trunk closed. */
const PAST_LOCK_DEADLINE_MS = 125_000;

/** Stories still open: they are told last, near now, so they are open when the ledger is served. */
const OPEN_STORIES: ReadonlySet<Story> = new Set(['upcoming', 'courier_on_the_way']);

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

/**
 * The deliveries in the order they are told: those that ended spread over the week, the situations
 * among them at even intervals; the still-open ones last.
 */
export function historyOrder(deliveries: readonly PlannedDelivery[]): PlannedDelivery[] {
  const open = deliveries.filter((d) => OPEN_STORIES.has(d.story));
  const ended = deliveries.filter((d) => !OPEN_STORIES.has(d.story));
  const situations = ended.filter((d) => isSituation(d.story));
  const routine = ended.filter((d) => !isSituation(d.story));
  const ordered = [...routine];
  // From the last one back, so that the positions before it stay where they were computed.
  for (let k = situations.length - 1; k >= 0; k -= 1)
    ordered.splice(Math.floor(((k + 0.5) * routine.length) / situations.length), 0, situations[k]!);
  return [...ordered, ...open];
}

const isSituation = (story: Story): story is Situation =>
  (SITUATIONS as readonly string[]).includes(story);

/**
 * Fills the embedded ledger in `config.dataDir` with a week of history, in this process: the real app
 * on a loopback port (its command pipeline, watchdog, projections and checkpoints), its clock a
 * simulated one that starts `days` ago and is moved forward between waves of deliveries, never back.
 */
export async function fillEmbeddedDemo(options: EmbeddedDemoOptions): Promise<DemoReport> {
  const { config } = options;
  if (config.databaseUrl || config.eventStoreUrl)
    throw new ConfigurationError(
      'demo --embedded fills the embedded ledger: unset DATABASE_URL and EVENTSTORE_URL (to fill a running ledger, run the demo without --embedded)',
    );
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

/**
 * Waves of `waveSize` ended deliveries at even moments from `from` to two hours before `now`; the
 * still-open ones in waves of their own a quarter of an hour before `now`. The late lock
 * confirmation arrives two minutes of the ledger's time after its wave, once the watchdog has
 * recorded it overdue.
 */
function weekPace(clock: SimulatedClock, from: number, now: number, waveSize: number): DemoPace {
  const size = Math.max(1, waveSize);
  const inWaves = (list: readonly PlannedDelivery[]) =>
    Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
      list.slice(i * size, (i + 1) * size),
    );
  let endedWaves = 1;
  return {
    waves(deliveries) {
      const ordered = historyOrder(deliveries);
      const ended = inWaves(ordered.filter((d) => !OPEN_STORIES.has(d.story)));
      endedWaves = Math.max(1, ended.length);
      return [...ended, ...inWaves(ordered.filter((d) => OPEN_STORIES.has(d.story)))];
    },
    beforeWave(index) {
      const span = now - 2 * 60 * MINUTE - from;
      clock.advanceTo(
        index >= endedWaves ? now - 15 * MINUTE : from + Math.floor((index * span) / endedWaves),
      );
    },
    beforeLaterSteps() {
      clock.advanceBy(PAST_LOCK_DEADLINE_MS);
    },
  };
}
