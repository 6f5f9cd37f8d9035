/**
 * Append throughput: 100,000 events of ~450 bytes over 1,000 delivery streams, 8 concurrent writers,
 * one and seven events per append, hash chain and idempotency keys on; next to plain INSERTs of the
 * same rows into a bare table, in the same run, on the same server.
 *
 *   npm run bench:append            (BENCH_DATABASE_URL, else TEST_DATABASE_URL, else local postgres)
 *   npm run bench:append -- --events 20000 --in-flight 8
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

import pg from 'pg';

import { createLedgerDataSource, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import {
  DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
  PostgresEventStore,
} from '../src/adapters/postgres/postgres-event-store.js';
import { canonicalAppendTexts, canonicalEventText } from '../src/event-store/canonical-event.js';
import type { AppendRequest, EventToAppend } from '../src/event-store/event-store.port.js';
import { peakRssOf } from './cpu-time.js';
import { BenchDatabases } from './bench-databases.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    streams: { type: 'string', default: '1000' },
    writers: { type: 'string', default: '8' },
    'in-flight': { type: 'string', default: '32', short: 'f' },
    'per-append': { type: 'string', default: '1,7' },
    'concurrent-batches': {
      type: 'string',
      default: String(DEFAULT_POSTGRES_EVENT_STORE_OPTIONS.maxConcurrentBatches),
    },
  },
});
const TOTAL = Number(args.events);
const STREAMS = Number(args.streams);
const WRITERS = Number(args.writers);
const IN_FLIGHT = Number(args['in-flight']);
const DATA = [
  { closure: 'trunk', vehicleTimestamp: '2026-11-25T14:02:11.000Z' },
  { closure: 'rear_left', vehicleTimestamp: '2026-11-25T14:02:40.000Z' },
];

/** The events of one append share their context, as the events one command stores do. */
function eventsOfOneAppend(count: number): EventToAppend[] {
  const context = {
    occurredAt: new Date().toISOString(),
    actor: { id: 'delivery-system', role: 'delivery-service' as const },
    source: 'api',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  };
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: i % 2 ? 'ClosureClosed' : 'ClosureOpened',
    schemaVersion: 1,
    data: DATA[i % 2]!,
    context,
  }));
}

/** Writer w owns streams w, w+W, …; it keeps up to IN_FLIGHT appends going, never two on one stream. */
async function runWriters(
  perAppend: number,
  append: (writer: number, stream: number, request: AppendRequest) => Promise<void>,
): Promise<number> {
  const appendsPerWriter = Math.ceil(TOTAL / perAppend / WRITERS);
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const owned = Array.from(
        { length: Math.ceil(STREAMS / WRITERS) },
        (_, i) => writer + i * WRITERS,
      ).filter((s) => s < STREAMS);
      const revisions = new Map<number, number>();
      let next = 0;
      const lanes = Math.min(IN_FLIGHT, owned.length);
      await Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          // A lane cycles through its own streams, so no two appends to one stream are ever in flight.
          const mine = owned.filter((_, i) => i % lanes === lane);
          for (let round = 0; ; round += 1) {
            if (next++ >= appendsPerWriter) return;
            const stream = mine[round % mine.length]!;
            const revision = revisions.get(stream) ?? -1;
            const request: AppendRequest = {
              streamId: `delivery-bench-${stream}`,
              expectedRevision: revision < 0 ? 'no_stream' : revision,
              events: eventsOfOneAppend(perAppend),
              idempotency: { key: randomUUID(), fingerprint: randomUUID() },
            };
            revisions.set(stream, revision + perAppend);
            await append(writer, stream, request);
            events += perAppend;
          }
        }),
      );
    }),
  );
  return (events / (performance.now() - started)) * 1000;
}

const databases = new BenchDatabases();

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const url = await databases.create();
  try {
    return await work(url);
  } finally {
    await databases.drop(url);
  }
}

async function ledgerRate(perAppend: number): Promise<number> {
  return withDatabase(async (url) => {
    const dataSource = createLedgerDataSource({ url, poolSize: WRITERS + 2 }, LEDGER_SCHEMA);
    await dataSource.initialize();
    await dataSource.runMigrations();
    const store = new PostgresEventStore(poolOf(dataSource), {
      ...DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
      maxConcurrentBatches: Number(args['concurrent-batches']),
    });
    try {
      return await runWriters(perAppend, async (_, __, request) => {
        await store.append(request);
      });
    } finally {
      await dataSource.destroy();
    }
  });
}

type BareRow = [number, string, number, string, string, string, Buffer, string];

/** The rows the ledger would store for an append, without its checks, chain or indexes. */
function bareRows(request: AppendRequest, nextPosition: () => number): BareRow[] {
  const recordedAt = new Date().toISOString();
  const texts = canonicalAppendTexts(
    request.streamId,
    request.events,
    recordedAt,
    request.idempotency!.key,
  );
  return request.events.map((event, i) => [
    nextPosition(),
    request.streamId,
    i,
    event.eventId,
    event.type,
    texts[i]!,
    randomBytes(32),
    recordedAt,
  ]);
}

const insertBare = (client: pg.Client, rows: BareRow[]) =>
  client.query(
    `INSERT INTO bare SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[],
       $5::text[], $6::text[], $7::bytea[], $8::timestamptz[])`,
    Array.from({ length: 8 }, (_, column) => rows.map((row) => row[column])),
  );

/**
 * Plain multi-row INSERTs of the same rows into a table with no index, one connection per writer:
 * one append's rows per statement, or (grouped) the rows of every append the writer has waiting.
 */
async function bareRate(perAppend: number, appendsPerStatement: number): Promise<number> {
  return withDatabase(async (url) => {
    const clients = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        return client;
      }),
    );
    await clients[0]!.query(`CREATE TABLE bare (position bigint, stream_id text, revision bigint,
      event_id uuid, type text, canonical text, hash bytea, recorded_at timestamptz)`);
    let position = 0;
    const nextPosition = () => position++;
    const pending = clients.map(() => [] as { rows: BareRow[]; done: () => void }[]);
    const flushing = clients.map(() => false);
    async function flush(writer: number): Promise<void> {
      if (flushing[writer]) return;
      flushing[writer] = true;
      while (pending[writer]!.length > 0) {
        const statement = pending[writer]!.splice(0, appendsPerStatement);
        await insertBare(
          clients[writer]!,
          statement.flatMap((p) => p.rows),
        );
        for (const p of statement) p.done();
      }
      flushing[writer] = false;
    }
    try {
      return await runWriters(
        perAppend,
        (writer, _, request) =>
          new Promise<void>((done) => {
            pending[writer]!.push({ rows: bareRows(request, nextPosition), done });
            void flush(writer);
          }),
      );
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
}

const [sampleEvent] = eventsOfOneAppend(1);
const sample = canonicalEventText({
  streamId: 'delivery-bench-1',
  eventId: sampleEvent!.eventId,
  type: sampleEvent!.type,
  schemaVersion: sampleEvent!.schemaVersion,
  data: sampleEvent!.data,
  metadata: {
    ...sampleEvent!.context,
    recordedAt: new Date().toISOString(),
    idempotencyKey: randomUUID(),
  },
});
console.log(
  `append bench: ${TOTAL} events of ${Buffer.byteLength(sample)} bytes over ${STREAMS} streams, ` +
    `${WRITERS} writers with up to ${IN_FLIGHT} appends in flight each, hash chain and idempotency keys on`,
);
console.log(
  '| events per append | ledger events/s | bare, one INSERT per append | ' +
    `bare, one INSERT per writer for up to ${IN_FLIGHT} appends | ledger / best bare |`,
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const perAppend of args['per-append'].split(',').map(Number)) {
  const ledger = await ledgerRate(perAppend);
  const skipBare = process.env.BENCH_SKIP_BARE !== undefined;
  const perAppendBare = skipBare ? NaN : await bareRate(perAppend, 1);
  const bulkBare = skipBare ? NaN : await bareRate(perAppend, IN_FLIGHT);
  const best = Math.max(perAppendBare, bulkBare);
  console.log(
    `| ${perAppend} | ${Math.round(ledger)} | ${Math.round(perAppendBare)} | ${Math.round(bulkBare)} | ` +
      `${Math.round((ledger / best) * 100)} % |`,
  );
}
// The bare INSERTs run in this process too: the peak is the ledger's or theirs, whichever is higher.
console.log(`peak RSS of this process: ${Math.round(peakRssOf(process.pid) / 1024 / 1024)} MB`);
await databases.close();
