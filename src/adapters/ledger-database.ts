import { EventStoreDBClient, START } from '@eventstore/db-client';
import type { DataSource } from 'typeorm';

import type { Clock } from '../config/clock.js';
import type { AppendObserver } from '../event-store/append-observer.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { observedEventStore } from '../event-store/observed-event-store.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store.js';
import { READ_MODELS_APPLICATION_NAME, ReadModels, withoutCredentials } from './read-models.js';
import {
  createLedgerDataSource,
  type LedgerSchema,
  poolOf,
} from './postgres/ledger-data-source.js';
import {
  DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
  PostgresEventStore,
} from './postgres/postgres-event-store.js';

export interface LedgerDatabaseOptions {
  /** null: the embedded PGlite, persisted under `dataDir`. */
  readonly databaseUrl: string | null;
  /** KEYTRAIL_READ_DATABASE_URL: a standby the query side reads the read models from (PostgreSQL only). */
  readonly readDatabaseUrl?: string | null;
  /** `esdb://…`: the events live in EventStoreDB; the database keeps read models and checkpoints. */
  readonly eventStoreUrl?: string | null;
  readonly dataDir: string;
  readonly poolSize: number;
  /** The migrations and entities of the read side too, composed by the application shell. */
  readonly schema: LedgerSchema;
  readonly pollIntervalMs: number;
  /** The ledger clock, which stamps recordedAt. */
  readonly clock?: Clock;
  /** Told of every append and every batch (the metrics of this process). */
  readonly observer?: AppendObserver;
}

export type EventStoreKind = 'embedded' | 'postgres' | 'eventstoredb';

export class EventStoreUnreachableError extends Error {
  override name = 'EventStoreUnreachableError';
}

/** Fails at start, with the reason, when EventStoreDB cannot be reached. */
export async function connectEventStoreDb(url: string): Promise<EventStoreDBClient> {
  const client = EventStoreDBClient.connectionString(url);
  try {
    for await (const _ of client.readAll({ fromPosition: START, maxCount: 1, deadline: 5000 }))
      break;
    return client;
  } catch (error) {
    await client.dispose();
    throw new EventStoreUnreachableError(
      `EventStoreDB at ${url.replace(/\/\/[^@/]*@/, '//***@')} cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * The ledger's storage: the event store (PostgreSQL, embedded PGlite, or EventStoreDB) and the database
 * of read models, checkpoints and keys (PostgreSQL or PGlite). Migrated on open, closed in order.
 */
export class LedgerDatabase {
  private constructor(
    /** Where the read models are: the embedded PGlite or PostgreSQL. */
    readonly mode: 'embedded' | 'postgres',
    readonly eventStoreKind: EventStoreKind,
    readonly dataSource: DataSource,
    readonly store: EventStore,
    private readonly closeStore: () => Promise<void>,
    private readonly embedded: EmbeddedPostgres | null,
    /** Where the query side reads the read models (this database's own data source when no standby). */
    readonly readModels: ReadModels,
  ) {}

  static async open(options: LedgerDatabaseOptions): Promise<LedgerDatabase> {
    if (options.readDatabaseUrl && !options.databaseUrl)
      throw new Error('A read database needs DATABASE_URL: the embedded ledger has no standby');
    const esdb = options.eventStoreUrl ? await connectEventStoreDb(options.eventStoreUrl) : null;
    const embedded = options.databaseUrl ? null : await startEmbeddedPostgres(options.dataDir);
    const url = options.databaseUrl ?? embedded!.url;
    // Embedded: one connection, so every read and write queues in this process.
    const poolSize = embedded ? 1 : options.poolSize;
    const dataSource = createLedgerDataSource({ url, poolSize }, options.schema);
    try {
      await dataSource.initialize();
      await dataSource.runMigrations();
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      await esdb?.dispose();
      throw error;
    }
    const mode = embedded ? 'embedded' : 'postgres';
    let readModels: ReadModels;
    try {
      readModels = await openReadModels(options, dataSource);
    } catch (error) {
      await dataSource.destroy();
      await esdb?.dispose();
      throw error;
    }
    const observed = (store: EventStore) =>
      options.observer ? observedEventStore(store, options.observer) : store;
    if (esdb) {
      const store = new EventStoreDbEventStore(
        esdb,
        { pollIntervalMs: options.pollIntervalMs, anyRevisionAttempts: 5 },
        options.clock,
      );
      return new LedgerDatabase(
        mode,
        'eventstoredb',
        dataSource,
        observed(store),
        () => store.close(),
        embedded,
        readModels,
      );
    }
    const store = new PostgresEventStore(
      poolOf(dataSource),
      {
        ...DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
        maxConcurrentBatches: embedded
          ? 1
          : DEFAULT_POSTGRES_EVENT_STORE_OPTIONS.maxConcurrentBatches,
        binaryCopy: !embedded,
        pollIntervalMs: options.pollIntervalMs,
        ...(options.observer ? { observer: options.observer } : {}),
      },
      options.clock,
    );
    return new LedgerDatabase(
      mode,
      mode,
      dataSource,
      observed(store),
      () => Promise.resolve(),
      embedded,
      readModels,
    );
  }

  async close(): Promise<void> {
    await this.closeStore();
    if (this.readModels.separate && this.readModels.dataSource.isInitialized)
      await this.readModels.dataSource.destroy();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

/**
 * The read pool on KEYTRAIL_READ_DATABASE_URL: the read models' entities, no migrations (a standby
 * gets them from its primary), every transaction read-only, named in pg_stat_activity.
 */
async function openReadModels(
  options: LedgerDatabaseOptions,
  dataSource: DataSource,
): Promise<ReadModels> {
  const url = options.readDatabaseUrl;
  if (!url) return new ReadModels(dataSource, false, null);
  const reads = createLedgerDataSource(
    {
      url,
      poolSize: options.poolSize,
      applicationName: READ_MODELS_APPLICATION_NAME,
      readOnly: true,
    },
    { migrations: [], entities: options.schema.entities },
  );
  await reads.initialize();
  return new ReadModels(reads, true, withoutCredentials(url));
}
