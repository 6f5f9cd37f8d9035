import { randomBytes } from 'node:crypto';

import type { AuthConfig } from '../config/keytrail-config.js';
import { demoCallers } from './demo-callers.js';
import { type PlannedDelivery, planDeliveries, type Situation, SITUATIONS } from './demo-plan.js';
import type { DemoLedger } from './delivery-run.js';
import { type LaterStep, tellStory } from './demo-stories.js';
import { LedgerClock } from './ledger-clock.js';
import { LedgerHttp } from './ledger-http.js';

export interface DemoOptions {
  /** The running ledger, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** How the ledger checks tokens: the demo mints its callers' tokens with it. */
  readonly auth: AuthConfig;
  readonly count: number;
  /** Deliveries driven at once. */
  readonly concurrency: number;
  /** How long to wait for the watchdog to find the late car's lock confirmation overdue. */
  readonly overdueWaitMs?: number;
  /** Told when every delivery but the late lock confirmation is in the ledger. */
  readonly onFilled?: (report: DemoReport) => void;
  /** The ledger's time as the demo sees it (default: the wall clock, moved by the ledger's answers). */
  readonly clock?: LedgerClock;
  /** Where the ledger's time is the demo's to move (the embedded demo): deliveries go in waves. */
  readonly pace?: DemoPace;
}

/**
 * How the embedded demo spreads its deliveries over the past: they go in waves, the ledger's clock
 * moved forward before each; a wave's later steps (the late lock confirmation) run after it.
 */
export interface DemoPace {
  /** The deliveries in waves, in the order they are told; a wave's deliveries are driven together. */
  waves(deliveries: readonly PlannedDelivery[]): readonly (readonly PlannedDelivery[])[];
  /** Before wave `index`: moves the ledger's clock to that wave's moment. */
  beforeWave(index: number, wave: readonly PlannedDelivery[]): void;
  /** Before a wave's later steps: lets the ledger's time pass the watchdog's deadline. */
  beforeLaterSteps(): void;
}

export interface DemoReport {
  readonly run: string;
  readonly url: string;
  readonly deliveries: readonly PlannedDelivery[];
  /** The delivery showing each situation. */
  readonly situations: Readonly<Record<Situation, PlannedDelivery>>;
  readonly caseId: string;
  readonly tokens: { readonly investigator: string; readonly customer: string };
  /** The customer whose proof page the demo points to (the one whose data was revealed). */
  readonly proofCustomer: PlannedDelivery;
  /** Calls made, and seconds taken until everything but the late confirmation was in. */
  readonly calls: number;
  readonly filledInS: number;
}

/** A failed delivery of the demo: which, and what the ledger answered. */
export class DemoFailed extends Error {
  constructor(readonly failures: readonly { deliveryId: string; error: Error }[]) {
    super(
      `${failures.length} demo deliveries failed; the first: ${failures[0]!.deliveryId}: ${failures[0]!.error.message}`,
    );
    this.name = 'DemoFailed';
  }
}

/**
 * Fills a running ledger with a demo through its HTTP API, as its callers would: about `count`
 * deliveries over Volvo, GM and Tesla, each situation an investigator looks for among them. Ids are
 * new on every run, so running it again adds another set.
 */
export async function fillDemoLedger(options: DemoOptions): Promise<DemoReport> {
  if (options.count < SITUATIONS.length)
    throw new RangeError(
      `the demo needs at least ${SITUATIONS.length} deliveries, one per situation`,
    );
  const started = Date.now();
  const run = `demo${Date.now().toString(36).slice(-5)}${randomBytes(1).toString('hex')}`;
  const clock = options.clock ?? new LedgerClock();
  const http = new LedgerHttp(options.url.replace(/\/+$/, ''), clock);
  await http.reachable();
  const ledger: DemoLedger = { http, clock, callers: await demoCallers(options.auth) };
  await http.acceptsTokens(ledger.callers.investigator);
  const deliveries = planDeliveries(run, options.count);
  const caseId = `case-${run}`;
  const storyOptions = { caseId, overdueWaitMs: options.overdueWaitMs ?? 240_000 };

  const failures: { deliveryId: string; error: Error }[] = [];
  const fail = (plan: PlannedDelivery, error: unknown) => {
    failures.push({
      deliveryId: plan.deliveryId,
      error: error instanceof Error ? error : new Error(String(error)),
    });
  };
  /** Drives `batch`, `concurrency` deliveries at once; answers what is left for later. */
  const drive = async (batch: readonly PlannedDelivery[], concurrency: number) => {
    const later: LaterStep[] = [];
    let next = 0;
    const worker = async () => {
      // After a failure no new delivery is started: the first answer says what is wrong.
      for (let i = next++; i < batch.length && failures.length === 0; i = next++) {
        const plan = batch[i]!;
        try {
          const step = await tellStory(ledger, plan, storyOptions);
          if (step) later.push(async () => step().catch((error: unknown) => fail(plan, error)));
        } catch (error) {
          fail(plan, error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
    return later;
  };

  let later: LaterStep[] = [];
  const { pace } = options;
  if (pace) {
    const waves = pace.waves(deliveries);
    for (let w = 0; w < waves.length && failures.length === 0; w += 1) {
      const wave = waves[w]!;
      pace.beforeWave(w, wave);
      const steps = await drive(wave, wave.length);
      if (steps.length > 0 && failures.length === 0) {
        pace.beforeLaterSteps();
        await Promise.all(steps.map((step) => step()));
      }
    }
  } else {
    later = await drive(deliveries, options.concurrency);
  }
  if (failures.length > 0) throw new DemoFailed(failures);

  const situations = Object.fromEntries(
    SITUATIONS.map((s) => [s, deliveries.find((d) => d.story === s)!]),
  ) as Record<Situation, PlannedDelivery>;
  const proofCustomer = situations.case_with_reveal;
  const report: DemoReport = {
    run,
    url: http.url,
    deliveries,
    situations,
    caseId,
    tokens: {
      investigator: ledger.callers.investigator,
      customer: await ledger.callers.customer(proofCustomer.customerId),
    },
    proofCustomer,
    calls: http.calls,
    filledInS: (Date.now() - started) / 1000,
  };
  options.onFilled?.(report);
  await Promise.all(later.map((step) => step()));
  if (failures.length > 0) throw new DemoFailed(failures);
  return { ...report, calls: http.calls };
}
