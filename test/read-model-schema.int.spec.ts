import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';

import { READ_MODEL_ENTITIES } from '../projections/read-model-entities.js';
import { createLedgerDataSource, poolOf } from '../src/adapters/postgres/ledger-data-source.js';
import { LEDGER_SCHEMA } from '../src/ledger-schema.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

/** The statements TypeORM would run to make the database match the entities it is given. */
async function pendingChanges(dataSource: DataSource): Promise<string[]> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  return log.upQueries.map((query) => query.query.trim());
}

/** The summary table as it would be declared with one column the migrations never made. */
@Entity({ schema: 'read', name: 'delivery_summaries' })
class SummaryWithAnUnmigratedColumn {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('text', { name: 'not_migrated', nullable: true })
  notMigrated: string | null;
}

describe('the read-model entities and the migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createLedgerDataSource({ url: database.url, poolSize: 2 }, LEDGER_SCHEMA);
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('declare the same tables: on a freshly migrated database TypeORM has nothing to change', async () => {
    expect(READ_MODEL_ENTITIES.length).toBeGreaterThan(0);
    expect(await pendingChanges(dataSource)).toEqual([]);
  });

  it('are told apart when they disagree: a column no migration made is a pending change', async () => {
    const drifted = new DataSource({
      type: 'postgres',
      url: database.url,
      entities: [SummaryWithAnUnmigratedColumn],
    });
    await drifted.initialize();
    try {
      expect(await pendingChanges(drifted)).toContainEqual(
        expect.stringContaining('ADD "not_migrated" text'),
      );
    } finally {
      await drifted.destroy();
    }
  });

  it('share one pool with the event store, found without TypeORM’s internals', async () => {
    // Only TypeORM has used the database so far (initialise, migrate): its connections are the pool's.
    expect(poolOf(dataSource).totalCount).toBeGreaterThan(0);
    const { rows } = await poolOf(dataSource).query<{ n: string }>(
      'SELECT count(*) AS n FROM keytrail_migrations',
    );
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
    expect(() => poolOf(new DataSource({ type: 'postgres' }))).toThrow('not initialised');
  });
});
