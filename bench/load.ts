/**
 * HTTP load: the real server (dist/src/main.js, as npm start runs it) on real PostgreSQL, many
 * concurrent clients each driving complete deliveries — schedule, grant, unlock, Volvo's result,
 * trunk opened, photo and package, trunk closed, lock request, Volvo's doors status, complete — and
 * reading timelines. Prints deliveries/s, commands/s, p50/p99 per route and the errors, next to the
 * in-process append throughput measured in the same run (the HTTP overhead ratio).
 *
 *   npm run bench:load                              (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local)
 *   npm run bench:load -- --clients 64 --seconds 30
 *   npm run bench:load -- --servers 2     (API processes on one database; the first runs the projections)
 *   npm run bench:load -- --projector     (the projections in a worker process, none in the API)
 *   npm run bench:load -- --compare       (then the same driver against the two comparison services
 *                                          of issue 18, bench/compare/, each on its own database)
 *   npm run bench:load -- --prefill 1000000 --template keytrail_bench_1m
 *                          (the prefilled ledger kept as a template database: later runs copy it)
 *   npm run bench:load -- --prefill 1000000  (about that many synthetic events in the ledger first,
 *                                          projected by the server before the timed run)
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { createProjections } from '../projections/delivery-projections.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { createLedgerDataSource, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import { PostgresEventStore } from '../src/adapters/postgres/postgres-event-store.js';
import {
  chaosDataDir,
  freePort,
  type ServerProcess,
  serverToken,
  startServer,
} from '../test/chaos/server-process.js';
import { driveDeliveries, type LoadRun, percentile } from '../test/support/delivery-load.js';
import { appendSyntheticDeliveries, deliveryStory } from '../test/support/synthetic-deliveries.js';
import { BenchDatabases } from './bench-databases.js';
import { COMPARISON_SERVICES, startComparisonService } from './compare/service-process.js';
import { cpuSecondsOf, peakRssOf, postgresCpu, postgresCpuBetween } from './cpu-time.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '30' },
    servers: { type: 'string', default: '1' },
    projector: { type: 'boolean', default: false },
    compare: { type: 'boolean', default: false },
    prefill: { type: 'string', default: '0' },
    template: { type: 'string' },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const SERVERS = Number(args.servers);
const PROJECTOR = args.projector;
const COMPARE = args.compare;
const PREFILL = Number(args.prefill);
/** A database kept between runs, prefilled once: each run takes a copy (CREATE DATABASE … TEMPLATE). */
const TEMPLATE = args.template;
/** Each API process's pool, as keytrail's bench servers get it (server-process.ts); the same for the comparisons. */
const POOL_SIZE = Number(process.env.KEYTRAIL_DB_POOL_SIZE ?? 6);
const databases = new BenchDatabases();

/** Baseline: appends of one event straight into the store, same concurrency, same database server. */
async function inProcessAppends(seconds: number, writers: number): Promise<number> {
  const ds = createLedgerDataSource({ url: await databases.create(), poolSize: 10 }, LEDGER_SCHEMA);
  await ds.initialize();
  await ds.runMigrations();
  const store = new PostgresEventStore(poolOf(ds));
  let events = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let n = 0; performance.now() < until; n += 1) {
        await store.append({
          streamId: `delivery-base-${w}-${Math.floor(n / 11)}`,
          expectedRevision: 'any',
          events: [
            {
              eventId: randomUUID(),
              type: 'ClosureOpened',
              schemaVersion: 1,
              data: { closure: 'trunk', vehicleTimestamp: new Date().toISOString() },
              context: {
                occurredAt: new Date().toISOString(),
                actor: { id: 'delivery-system', role: 'delivery-service' },
                source: 'api',
                correlationId: randomUUID(),
                causationId: randomUUID(),
              },
            },
          ],
        });
        events += 1;
      }
    }),
  );
  await ds.destroy();
  return events / seconds;
}

/** What one system under load gave: the driver's run, and the server's and PostgreSQL's CPU. */
interface Measured {
  readonly name: string;
  readonly run: LoadRun;
  /** CPU seconds during the run: the server process(es), PostgreSQL (the backends of the run's database). */
  readonly serverCpu: number;
  readonly postgresCpu: number;
  /** Peak RSS of each server process, bytes, read at the end of the run. */
  readonly peakRss: readonly number[];
}

/** PostgreSQL's CPU is counted for the run's own database only: other work shares the machine's server. */
const databaseOf = (url: string) => new URL(url).pathname.slice(1);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const commandLatencies = (run: LoadRun) =>
  [...run.latencies].filter(([route]) => route !== 'timeline read').flatMap(([, ms]) => ms);
const errorsOf = (run: LoadRun) => [...run.errors.values()].reduce((a, b) => a + b, 0);

/**
 * About `events` events of synthetic deliveries, appended through the real event store before the
 * server starts, then projected by a rebuild of every projection (as `keytrail projections rebuild
 * all` does after an import): the server's inline runner projects at a fraction of the rebuild's rate.
 */
async function prefill(databaseUrl: string, events: number): Promise<number> {
  const ds = createLedgerDataSource({ url: databaseUrl, poolSize: 8 }, LEDGER_SCHEMA);
  await ds.initialize();
  await ds.runMigrations();
  const store = new PostgresEventStore(poolOf(ds));
  const sample = 1000;
  let sampled = 0;
  for (let n = 0; n < sample; n += 1) sampled += deliveryStory(n).events.length;
  let started = performance.now();
  const appended = await appendSyntheticDeliveries(store, Math.ceil(events / (sampled / sample)));
  const appendSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await rebuildProjections(store, ds, createProjections());
  await ds.destroy();
  console.log(
    `prefilled the ledger with ${appended} events in ${appendSeconds.toFixed(1)} s, projected them in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return appended;
}

/** The run's ledger: new (prefilled or not), or a copy of the kept prefilled template. */
async function ledgerDatabase(): Promise<{ databaseUrl: string; prefilled: number }> {
  if (!TEMPLATE) {
    const databaseUrl = await databases.create();
    return { databaseUrl, prefilled: PREFILL > 0 ? await prefill(databaseUrl, PREFILL) : 0 };
  }
  await databases.kept(TEMPLATE, (url) => prefill(url, PREFILL));
  const databaseUrl = await databases.create(TEMPLATE);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ledger.events`);
  await client.end();
  const prefilled = Number(rows[0]?.n ?? 0);
  console.log(`the ledger is a copy of ${TEMPLATE}: ${prefilled} events`);
  return { databaseUrl, prefilled };
}

interface HealthProjections {
  details?: {
    projections?: { headPosition?: number; projections?: { projection: string; lag: number }[] };
  };
}

/** Waits until /health reports every projection at the ledger's head (the server's runner takes what the rebuild left). */
async function projectionsCaughtUp(base: string, events: number): Promise<void> {
  const started = performance.now();
  let reported = started;
  for (;;) {
    const health = (await (await fetch(`${base}/health`)).json()) as HealthProjections;
    const report = health.details?.projections;
    const behind = (report?.projections ?? []).reduce((most, p) => Math.max(most, p.lag), 0);
    if (report?.projections?.length && (report.headPosition ?? 0) >= events && behind === 0) break;
    if (performance.now() - reported > 10_000) {
      reported = performance.now();
      console.log(`projections ${behind} events behind the head (${report?.headPosition ?? '?'})`);
    }
    if (performance.now() - started > 3_600_000)
      throw new Error(`the projections did not catch up: ${JSON.stringify(health).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(
    `projections caught up ${((performance.now() - started) / 1000).toFixed(1)} s after the server answered`,
  );
}

/** The same driver, clients and seconds against a comparison service on a fresh database of its own. */
async function measureComparison(
  service: (typeof COMPARISON_SERVICES)[number],
  tokens: Parameters<typeof driveDeliveries>[0]['tokens'],
): Promise<Measured> {
  const databaseUrl = await databases.create();
  const server = await startComparisonService({
    script: service.script,
    databaseUrl,
    port: await freePort(),
    poolSize: POOL_SIZE,
  });
  try {
    const cpuAtStart = {
      server: cpuSecondsOf(server.pid),
      postgres: postgresCpu(databaseOf(databaseUrl)),
    };
    const run = await driveDeliveries({
      bases: [server.base],
      clients: CLIENTS,
      seconds: SECONDS,
      tokens,
    });
    return {
      name: service.name,
      run,
      serverCpu: cpuSecondsOf(server.pid) - cpuAtStart.server,
      postgresCpu: postgresCpuBetween(cpuAtStart.postgres, postgresCpu(databaseOf(databaseUrl))),
      peakRss: [peakRssOf(server.pid)],
    };
  } finally {
    await server.stop('SIGTERM');
    await databases.drop(databaseUrl);
  }
}

/** keytrail and the comparison services side by side, and the ratios against issue 18's targets. */
function printComparison(measured: readonly Measured[]): void {
  const cells = (row: (m: Measured) => string) => `| ${measured.map(row).join(' | ')} |`;
  const perRequest = (seconds: number, run: LoadRun) =>
    ((1000 * seconds) / Math.max(1, run.commands + run.reads)).toFixed(2);
  const p50p99 = (values: readonly number[]) =>
    values.length
      ? `${percentile(values, 50).toFixed(1)} / ${percentile(values, 99).toFixed(1)} ms`
      : '–';
  console.log(
    `\nSide by side: the same driver, ${CLIENTS} clients, ${SECONDS} s each, one after the other, each server its own process on its own database${PREFILL ? ` (keytrail's prefilled with ~${PREFILL} events)` : ''}\n`,
  );
  console.log(`| | ${measured.map((m) => m.name).join(' | ')} |`);
  console.log(`| --- |${' ---: |'.repeat(measured.length)}`);
  console.log(
    `| complete deliveries / s ${cells((m) => (m.run.deliveries / m.run.seconds).toFixed(1))}`,
  );
  console.log(
    `| HTTP commands / s ${cells((m) => String(Math.round(m.run.commands / m.run.seconds)))}`,
  );
  console.log(`| commands p50 / p99 ${cells((m) => p50p99(commandLatencies(m.run)))}`);
  const routes = [...new Set(measured.flatMap((m) => [...m.run.latencies.keys()]))];
  for (const route of routes)
    console.log(`| ${route} p50 / p99 ${cells((m) => p50p99(m.run.latencies.get(route) ?? []))}`);
  console.log(`| errors ${cells((m) => String(errorsOf(m.run)))}`);
  console.log(
    `| cores busy: server process, PostgreSQL ${cells((m) => `${(m.serverCpu / m.run.seconds).toFixed(2)}, ${(m.postgresCpu / m.run.seconds).toFixed(2)}`)}`,
  );
  console.log(
    `| CPU ms per request: server process ${cells((m) => perRequest(m.serverCpu, m.run))}`,
  );
  console.log(
    `| CPU ms per request: PostgreSQL (its database's backends) ${cells((m) => perRequest(m.postgresCpu, m.run))}`,
  );
  console.log(`| peak RSS of the server process ${cells((m) => m.peakRss.map(mb).join(' + '))}`);
  const [keytrail, ...others] = measured;
  const targets = [1.5, 1.0];
  console.log('\n| complete deliveries / s | ratio | target |');
  console.log('| --- | ---: | ---: |');
  others.forEach((other, i) => {
    const ratio =
      keytrail!.run.deliveries / keytrail!.run.seconds / (other.run.deliveries / other.run.seconds);
    console.log(
      `| keytrail ÷ ${other.name} | ${ratio.toFixed(2)}× | ≥ ${targets[i]!.toFixed(1)}× ${ratio >= targets[i]! ? '(met)' : '(not met)'} |`,
    );
  });
}

try {
  const token = await serverToken('delivery-system', 'delivery-service');
  const oem = await serverToken('volvo-connector', 'oem-connector', 'volvo');
  const investigator = await serverToken('inv-bench', 'investigator');
  const tokens = { service: token, oem, investigator };
  const { databaseUrl, prefilled } = await ledgerDatabase();
  const dataDir = chaosDataDir();
  // One after the other: the first makes the development keys in the shared data directory.
  const servers: ServerProcess[] = [];
  for (let s = 0; s < SERVERS; s += 1)
    servers.push(
      await startServer({
        databaseUrl,
        port: await freePort(),
        dataDir,
        env: s === 0 && !PROJECTOR ? {} : { KEYTRAIL_PROJECTIONS: 'off' },
      }),
    );
  const projector = PROJECTOR
    ? await startServer({ databaseUrl, port: 0, dataDir, projector: true })
    : null;
  if (prefilled) await projectionsCaughtUp(servers[0]!.base, prefilled);
  const cpuAtStart = {
    servers: servers.map((server) => cpuSecondsOf(server.pid)),
    projector: projector ? cpuSecondsOf(projector.pid) : 0,
    postgres: postgresCpu(databaseOf(databaseUrl)),
    client: process.cpuUsage(),
  };
  const run = await driveDeliveries({
    bases: servers.map((server) => server.base),
    clients: CLIENTS,
    seconds: SECONDS,
    tokens,
  });
  const { seconds, deliveries, commands, reads, latencies, errors } = run;
  const events = run.acknowledged.length;
  const clientCpu = process.cpuUsage(cpuAtStart.client);
  const cpu = {
    servers: servers.map((server, s) => cpuSecondsOf(server.pid) - cpuAtStart.servers[s]!),
    projector: projector ? cpuSecondsOf(projector.pid) - cpuAtStart.projector : 0,
    postgres: postgresCpuBetween(cpuAtStart.postgres, postgresCpu(databaseOf(databaseUrl))),
    client: (clientCpu.user + clientCpu.system) / 1e6,
  };
  const peakRss = {
    servers: servers.map((server) => peakRssOf(server.pid)),
    projector: projector ? peakRssOf(projector.pid) : 0,
  };
  for (const server of servers) await server.stop('SIGTERM');
  await projector?.stop('SIGTERM');
  await databases.drop(databaseUrl);
  const measured: Measured[] = [
    {
      name: `keytrail${SERVERS > 1 ? ` (${SERVERS} API processes)` : ''}${PROJECTOR ? ' (+ projector)' : ''}`,
      run,
      serverCpu: cpu.servers.reduce((a, b) => a + b, 0) + cpu.projector,
      postgresCpu: cpu.postgres,
      peakRss: [...peakRss.servers, ...(projector ? [peakRss.projector] : [])],
    },
  ];
  if (COMPARE)
    for (const service of COMPARISON_SERVICES)
      measured.push(await measureComparison(service, tokens));
  const baseline = await inProcessAppends(10, CLIENTS);

  const errorCount = errorsOf(run);
  console.log(
    `${CLIENTS} clients, ${SERVERS} API process${SERVERS > 1 ? 'es' : ''}${PROJECTOR ? ' and a projector worker' : ''}, ${seconds.toFixed(1)} s, server and PostgreSQL on the same 2 cores${prefilled ? `, ${prefilled} events in the ledger before the run` : ''}\n`,
  );
  console.log('| throughput | per second |');
  console.log('| --- | ---: |');
  console.log(`| complete deliveries | ${(deliveries / seconds).toFixed(1)} |`);
  console.log(`| HTTP commands | ${Math.round(commands / seconds)} |`);
  console.log(`| events stored through HTTP | ${Math.round(events / seconds)} |`);
  console.log(`| timeline reads | ${(reads / seconds).toFixed(1)} |`);
  console.log(
    `| in-process appends, one event, ${CLIENTS} writers (baseline) | ${Math.round(baseline)} |`,
  );
  console.log(
    `| HTTP overhead: baseline ÷ events through HTTP | ${(baseline / Math.max(1, events / seconds)).toFixed(1)}× |`,
  );
  console.log(
    `| errors | ${errorCount} ${errorCount ? JSON.stringify(Object.fromEntries(errors)) : ''} |\n`,
  );
  const requests = commands + reads;
  console.log('| where the CPU went | cores busy | CPU ms per HTTP request | peak RSS |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, used, rss] of [
    ...cpu.servers.map(
      (used, s) => [`API server process ${s + 1}`, used, mb(peakRss.servers[s]!)] as const,
    ),
    ...(projector ? [['projector worker', cpu.projector, mb(peakRss.projector)] as const] : []),
    ['PostgreSQL (the backends of its database)', cpu.postgres, ''],
    ['this load client', cpu.client, ''],
  ] as const)
    console.log(
      `| ${name} | ${(used / seconds).toFixed(2)} | ${((1000 * used) / Math.max(1, requests)).toFixed(2)} | ${rss} |`,
    );
  console.log('');
  console.log('| route | calls | p50 | p99 |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [route, values] of latencies)
    console.log(
      `| ${route} | ${values.length} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 99).toFixed(1)} ms |`,
    );
  console.log(
    `| all commands | ${commandLatencies(run).length} | ${percentile(commandLatencies(run), 50).toFixed(1)} ms | ${percentile(commandLatencies(run), 99).toFixed(1)} ms |`,
  );
  if (COMPARE) printComparison(measured);
} finally {
  await databases.close();
}
