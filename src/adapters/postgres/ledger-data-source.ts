import type pg from 'pg';
import { DataSource } from 'typeorm';

import { READ_MODEL_ENTITIES } from '../../../projections/read-model-entities.js';
import { LEDGER_MIGRATIONS } from './ledger-migrations.js';

export interface DatabaseConnection {
  readonly url: string;
  /** Connections in the pool; embedded mode uses exactly one, so all writes queue in-process. */
  readonly poolSize: number;
}

/** The DataSource owns the one connection pool: migrations, read models and the event store share it. */
export function createLedgerDataSource(connection: DatabaseConnection): DataSource {
  return new DataSource({
    type: 'postgres',
    url: connection.url,
    synchronize: false,
    migrationsRun: false,
    migrations: LEDGER_MIGRATIONS,
    migrationsTableName: 'keytrail_migrations',
    migrationsTransactionMode: 'each',
    entities: READ_MODEL_ENTITIES,
    logging: false,
    extra: { max: connection.poolSize, connectionTimeoutMillis: 10_000 },
  });
}

export function poolOf(dataSource: DataSource): pg.Pool {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) throw new Error('The data source is not initialised');
  return pool;
}
