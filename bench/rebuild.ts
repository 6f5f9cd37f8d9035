/**
 * Rebuild throughput: a ledger of about 1,000,000 delivery events, rebuilt from zero into the timeline,
 * summary and anomaly projections (shadow tables, then the swap), next to a plain sequential read of
 * the same events in the same run; peak memory; then timeline reads for one delivery.
 *
 *   npm run bench:rebuild                       (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local)
 *   npm run bench:rebuild -- --deliveries 20000
 */
import { parseArgs } from 'node:util';

import { AnomaliesProjection } from '../projections/anomalies/anomalies.projection.js';
import { SummaryProjection } from '../projections/delivery-summary/summary.projection.js';
import { TimelineProjection } from '../projections/delivery-timeline/timeline.projection.js';
import { TimelineEntryEntity } from '../projections/delivery-timeline/timeline-entry.entity.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { createLedgerDataSource, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import { PostgresEventStore } from '../src/adapters/postgres/postgres-event-store.js';
import { appendSyntheticDeliveries } from '../test/support/synthetic-deliveries.js';
import { BenchDatabases } from './bench-databases.js';
import { cpuSecondsOf } from './cpu-time.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

const { values: args } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '87000' },
    reads: { type: 'string', default: '2000' },
  },
});
const DELIVERIES = Number(args.deliveries);
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
/** Issue 18: the rebuild at half the plain read's rate or better, in under 500 MB. */
const TARGET_RATIO = 0.5;
const RSS_LIMIT_MB = 500;

const databases = new BenchDatabases();
const dataSource = createLedgerDataSource(
  { url: await databases.create(), poolSize: 8 },
  LEDGER_SCHEMA,
);
await dataSource.initialize();
await dataSource.runMigrations();
const store = new PostgresEventStore(poolOf(dataSource));

/**
 * CPU seconds of this process and of its database's server processes: on a shared machine the wall
 * time depends on the neighbours, what each side burns does not.
 */
interface CpuReading {
  readonly node: number;
  readonly backends: Map<number, number>;
}
async function cpuNow(): Promise<CpuReading> {
  const backends: { pid: number }[] = await dataSource.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  const usage = process.cpuUsage();
  return {
    node: (usage.user + usage.system) / 1e6,
    backends: new Map(backends.map(({ pid }) => [pid, cpuSecondsOf(pid)])),
  };
}
/** Node + PostgreSQL CPU between two readings (a backend that came in between counts whole). */
function cpuBetween(a: CpuReading, b: CpuReading): string {
  let postgres = 0;
  for (const [pid, used] of b.backends) postgres += used - (a.backends.get(pid) ?? 0);
  return `${(b.node - a.node).toFixed(1)} s + ${postgres.toFixed(1)} s`;
}

try {
  let started = performance.now();
  const appended = await appendSyntheticDeliveries(store, DELIVERIES);
  const head = await store.headPosition();
  console.log(
    `ledger: ${appended} events over ${DELIVERIES} deliveries, appended in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const cpuBeforeRead = await cpuNow();
  started = performance.now();
  let read = 0;
  for (let position = 0; position < head;) {
    const page = await store.readAll({ fromPosition: position, maxCount: 2000 });
    read += page.events.length;
    position = page.nextPosition;
  }
  const readSeconds = (performance.now() - started) / 1000;
  const cpuAfterRead = await cpuNow();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;

  started = performance.now();
  await rebuildProjections(store, dataSource, [
    new TimelineProjection(),
    new SummaryProjection(),
    new AnomaliesProjection(),
  ]);
  const rebuildSeconds = (performance.now() - started) / 1000;
  const cpuAfterRebuild = await cpuNow();
  const readRate = read / readSeconds;
  const rebuildRate = head / rebuildSeconds;
  console.log('| from zero | events/s | time | CPU: node + PostgreSQL |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(
    `| plain sequential read (baseline) | ${Math.round(readRate)} | ${readSeconds.toFixed(1)} s | ${cpuBetween(cpuBeforeRead, cpuAfterRead)} |`,
  );
  console.log(
    `| rebuild timeline + summary + anomalies, swap included | ${Math.round(rebuildRate)} | ${rebuildSeconds.toFixed(1)} s | ${cpuBetween(cpuAfterRead, cpuAfterRebuild)} |`,
  );
  const ratio = rebuildRate / readRate;
  console.log(
    `rebuild / plain read: ${ratio.toFixed(2)}× (target ≥ ${TARGET_RATIO}×: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
  const peakMb = peakRss / 1024 / 1024;
  console.log(
    `peak RSS during the rebuild: ${mb(peakRss)} (before: ${mb(rssBefore)}; limit ${RSS_LIMIT_MB} MB: ${peakMb < RSS_LIMIT_MB ? 'met' : 'NOT met'})`,
  );

  const repository = dataSource.getRepository(TimelineEntryEntity);
  const timings: number[] = [];
  for (let i = 0; i < Number(args.reads); i += 1) {
    const deliveryId = `syn-${Math.floor(Math.random() * DELIVERIES)}`;
    const begun = performance.now();
    const [checkpoint] = await dataSource.query(
      `SELECT position FROM read.projection_checkpoints WHERE projection = 'delivery-timeline'`,
    );
    await store.headPosition();
    const entries = await repository.find({
      where: { deliveryId },
      order: { globalPosition: 'ASC' },
    });
    timings.push(performance.now() - begun);
    if (entries.length === 0 || !checkpoint) throw new Error(`no timeline for ${deliveryId}`);
  }
  timings.sort((a, b) => a - b);
  const percentile = (p: number) =>
    timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]!.toFixed(2);
  console.log(
    `timeline read for one delivery (freshness, events, rows, story), ${timings.length} reads at ${head} events: p50 ${percentile(50)} ms, p99 ${percentile(99)} ms`,
  );
} finally {
  clearInterval(sampler);
  await dataSource.destroy();
  await databases.close();
}
