import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

import { parseDatabaseHosts } from './database-hosts.js';
import { createLedgerPool } from './ledger-pool.js';

export interface DatabaseConnection {
  readonly url: string;
  /** Connections in the pool; embedded mode uses exactly one, so all writes queue in-process. */
  readonly poolSize: number;
  /** How its sessions are named in pg_stat_activity (node-postgres sends none by default). */
  readonly applicationName?: string;
  /** Every transaction read-only: a pool of reads cannot write, whichever server it reaches. */
  readonly readOnly?: boolean;
}

/** The tables a data source migrates and maps: composed by the application shell, not known here. */
export interface LedgerSchema {
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
  readonly entities: NonNullable<DataSourceOptions['entities']>;
}

/** The pool each data source was made with, for the event store and the data keys. */
const POOLS = new WeakMap<DataSource, pg.Pool>();

/**
 * One connection pool, ours: migrations, read models and the event store share it. TypeORM is handed
 * it through its `driver` option (the `pg` module it makes its pool with), so nothing reads TypeORM's
 * internals to find it.
 */
export function createLedgerDataSource(
  connection: DatabaseConnection,
  schema: LedgerSchema,
): DataSource {
  const target = parseDatabaseHosts(connection.url);
  const pool = createLedgerPool(connection.url, connection.poolSize, {
    applicationName: connection.applicationName,
    readOnly: connection.readOnly,
  });
  const dataSource = new DataSource({
    type: 'postgres',
    url: target.singleHostUrl,
    driver: { ...pg, Pool: poolConstructorAnswering(pool) },
    synchronize: false,
    migrationsRun: false,
    migrations: schema.migrations,
    migrationsTableName: 'keytrail_migrations',
    migrationsTransactionMode: 'each',
    entities: schema.entities,
    logging: false,
  });
  POOLS.set(dataSource, pool);
  return dataSource;
}

/** A `Pool` constructor that answers the given pool whatever options it is called with. */
function poolConstructorAnswering(pool: pg.Pool): new () => pg.Pool {
  return function LedgerPool() {
    return pool;
  } as unknown as new () => pg.Pool;
}

/** The data source's pool, once it is initialised (destroying the data source ends it). */
export function poolOf(dataSource: DataSource): pg.Pool {
  const pool = POOLS.get(dataSource);
  if (!pool || !dataSource.isInitialized) throw new Error('The data source is not initialised');
  return pool;
}
