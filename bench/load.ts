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
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import { createLedgerDataSource, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import { PostgresEventStore } from '../src/adapters/postgres/postgres-event-store.js';
import {
  chaosDataDir,
  freePort,
  type ServerProcess,
  serverToken,
  startServer,
} from '../test/chaos/server-process.js';
import { driveDeliveries, percentile } from '../test/support/delivery-load.js';
import { BenchDatabases } from './bench-databases.js';
import { cpuSecondsOf, postgresCpu, postgresCpuBetween } from './cpu-time.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '30' },
    servers: { type: 'string', default: '1' },
    projector: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(args.clients);
const SECONDS = Number(args.seconds);
const SERVERS = Number(args.servers);
const PROJECTOR = args.projector;
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

try {
  const token = await serverToken('delivery-system', 'delivery-service');
  const oem = await serverToken('volvo-connector', 'oem-connector', 'volvo');
  const investigator = await serverToken('inv-bench', 'investigator');
  const databaseUrl = await databases.create();
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
  const cpuAtStart = {
    servers: servers.map((server) => cpuSecondsOf(server.pid)),
    projector: projector ? cpuSecondsOf(projector.pid) : 0,
    postgres: postgresCpu(),
    client: process.cpuUsage(),
  };
  const run = await driveDeliveries({
    bases: servers.map((server) => server.base),
    clients: CLIENTS,
    seconds: SECONDS,
    tokens: { service: token, oem, investigator },
  });
  const { seconds, deliveries, commands, reads, latencies, errors } = run;
  const events = run.acknowledged.length;
  const clientCpu = process.cpuUsage(cpuAtStart.client);
  const cpu = {
    servers: servers.map((server, s) => cpuSecondsOf(server.pid) - cpuAtStart.servers[s]!),
    projector: projector ? cpuSecondsOf(projector.pid) - cpuAtStart.projector : 0,
    postgres: postgresCpuBetween(cpuAtStart.postgres, postgresCpu()),
    client: (clientCpu.user + clientCpu.system) / 1e6,
  };
  for (const server of servers) await server.stop('SIGTERM');
  await projector?.stop('SIGTERM');
  const baseline = await inProcessAppends(10, CLIENTS);

  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${CLIENTS} clients, ${SERVERS} API process${SERVERS > 1 ? 'es' : ''}${PROJECTOR ? ' and a projector worker' : ''}, ${seconds.toFixed(1)} s, server and PostgreSQL on the same 2 cores\n`,
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
  console.log('| where the CPU went | cores busy | CPU ms per HTTP request |');
  console.log('| --- | ---: | ---: |');
  for (const [name, used] of [
    ...cpu.servers.map((used, s) => [`API server process ${s + 1}`, used] as const),
    ...(projector ? [['projector worker', cpu.projector] as const] : []),
    ['PostgreSQL (all its processes)', cpu.postgres],
    ['this load client', cpu.client],
  ] as const)
    console.log(
      `| ${name} | ${(used / seconds).toFixed(2)} | ${((1000 * used) / Math.max(1, requests)).toFixed(2)} |`,
    );
  console.log('');
  console.log('| route | calls | p50 | p99 |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [route, values] of latencies)
    console.log(
      `| ${route} | ${values.length} | ${percentile(values, 50).toFixed(1)} ms | ${percentile(values, 99).toFixed(1)} ms |`,
    );
} finally {
  await databases.close();
}
