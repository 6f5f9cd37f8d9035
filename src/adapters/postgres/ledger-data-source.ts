import type pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface DatabaseConnection {
  readonly url: string;
  /** Connections in the pool; embedded mode uses exactly one, so all writes queue in-process. */
  readonly poolSize: number;
}

/** The tables a data source migrates and maps: composed by the application shell, not known here. */
export interface LedgerSchema {
  readonly migrations: NonNullable<DataSourceOptions['migrations']>;
  readonly entities: NonNullable<DataSourceOptions['entities']>;
}

/** The DataSource owns the one connection pool: migrations, read models and the event store share it. */
export function createLedgerDataSource(
  connection: DatabaseConnection,
  schema: LedgerSchema,
): DataSource {
  return new DataSource({
    type: 'postgres',
    url: connection.url,
    synchronize: false,
    migrationsRun: false,
    migrations: schema.migrations,
    migrationsTableName: 'keytrail_migrations',
    migrationsTransactionMode: 'each',
    entities: schema.entities,
    logging: false,
    extra: { max: connection.poolSize, connectionTimeoutMillis: 10_000 },
  });
}

export function poolOf(dataSource: DataSource): pg.Pool {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) throw new Error('The data source is not initialised');
  return pool;
}
