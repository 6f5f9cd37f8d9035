import type { DataSource } from 'typeorm';

import type { Clock } from '../../config/clock.js';

import { type EmbeddedPostgres, startEmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { createLedgerDataSource, poolOf } from './ledger-data-source.js';
import {
  DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
  PostgresEventStore,
} from './postgres-event-store.js';

export interface LedgerDatabaseOptions {
  /** null: the embedded PGlite, persisted under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly poolSize: number;
  readonly pollIntervalMs: number;
  /** The ledger clock, which stamps recordedAt. */
  readonly clock?: Clock;
}

/** The ledger's database, embedded or PostgreSQL: migrated on open, closed in the right order. */
export class LedgerDatabase {
  private constructor(
    readonly mode: 'embedded' | 'postgres',
    readonly dataSource: DataSource,
    readonly store: PostgresEventStore,
    private readonly embedded: EmbeddedPostgres | null,
  ) {}

  static async open(options: LedgerDatabaseOptions): Promise<LedgerDatabase> {
    const embedded = options.databaseUrl ? null : await startEmbeddedPostgres(options.dataDir);
    const url = options.databaseUrl ?? embedded!.url;
    // Embedded: one connection, so every read and write queues in this process.
    const poolSize = embedded ? 1 : options.poolSize;
    const dataSource = createLedgerDataSource({ url, poolSize });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations();
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
      throw error;
    }
    const store = new PostgresEventStore(
      poolOf(dataSource),
      {
        ...DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
        maxConcurrentBatches: embedded
          ? 1
          : DEFAULT_POSTGRES_EVENT_STORE_OPTIONS.maxConcurrentBatches,
        pollIntervalMs: options.pollIntervalMs,
      },
      options.clock,
    );
    return new LedgerDatabase(embedded ? 'embedded' : 'postgres', dataSource, store, embedded);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}
