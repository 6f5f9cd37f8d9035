import pg from 'pg';
import type { DataSource } from 'typeorm';

import { startEmbeddedPostgres } from '../../src/adapters/embedded/embedded-postgres.js';
import { createLedgerDataSource, poolOf } from '../../src/adapters/postgres/ledger-data-source.js';
import {
  DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
  PostgresEventStore,
} from '../../src/adapters/postgres/postgres-event-store.js';
import { createTestDatabase } from './test-database.js';
import { LEDGER_SCHEMA } from '../../src/ledger-schema.js';

export interface OpenLedger {
  readonly url: string;
  readonly dataSource: DataSource;
  readonly store: PostgresEventStore;
  /** Another process's view of the same ledger: its own pool, its own coalescer. */
  openWriter(): Promise<PostgresEventStore>;
  close(): Promise<void>;
}

async function connect(url: string, poolSize: number): Promise<DataSource> {
  const dataSource = createLedgerDataSource({ url, poolSize }, LEDGER_SCHEMA);
  await dataSource.initialize();
  return dataSource;
}

async function open(
  url: string,
  poolSize: number,
  release: () => Promise<void>,
  canOpenWriters: boolean,
): Promise<OpenLedger> {
  const dataSource = await connect(url, poolSize);
  await dataSource.runMigrations();
  const writers: DataSource[] = [];
  return {
    url,
    dataSource,
    store: new PostgresEventStore(poolOf(dataSource)),
    async openWriter() {
      if (!canOpenWriters) {
        return new PostgresEventStore(poolOf(dataSource), DEFAULT_POSTGRES_EVENT_STORE_OPTIONS);
      }
      const writer = await connect(url, 2);
      writers.push(writer);
      return new PostgresEventStore(poolOf(writer));
    },
    async close() {
      await Promise.all(writers.map((w) => w.destroy()));
      await dataSource.destroy();
      await release();
    },
  };
}

/** A migrated ledger in a fresh database on the real PostgreSQL server. */
export async function openPostgresLedger(): Promise<OpenLedger> {
  const database = await createTestDatabase();
  return open(database.url, 10, () => database.drop(), true);
}

/** A migrated ledger in an in-memory PGlite: one connection, as in embedded mode. */
export async function openEmbeddedLedger(): Promise<OpenLedger> {
  const embedded = await startEmbeddedPostgres();
  return open(embedded.url, 1, () => embedded.stop(), false);
}

/** The contract suite's view of an open ledger: its store, more writers, and SQL as the application. */
export function contractSubjectOf(ledger: OpenLedger) {
  return {
    store: ledger.store,
    openWriter: () => ledger.openWriter(),
    executeSql: async (sql: string) => {
      const client = new pg.Client({ connectionString: ledger.url });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    },
    close: () => ledger.close(),
  };
}
