import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers' data keys, schema `privacy`: one per delivery and per vehicle link, each wrapped by a
 * key-encryption key. Destroying a key (erasure, retention) removes the wrapped bytes and keeps a
 * tombstone, so the ledger can say a key existed and when it was destroyed, but nothing decrypts.
 */
export class CreateDataKeys1764200000000 implements MigrationInterface {
  name = 'CreateDataKeys1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA privacy`);
    await queryRunner.query(`
      CREATE TABLE privacy.data_keys (
        scope text PRIMARY KEY,
        customer_id text NOT NULL,
        kek_id text NOT NULL,
        wrapped bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        destroyed_at timestamptz,
        destroyed_for text,
        CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX data_keys_customer ON privacy.data_keys (customer_id) WHERE destroyed_at IS NULL`,
    );
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'keytrail_app') THEN
          GRANT USAGE ON SCHEMA privacy TO keytrail_app;
          GRANT SELECT, INSERT, UPDATE ON privacy.data_keys TO keytrail_app;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'keytrail_app not granted privacy (%); grant it by hand as docs/DATABASE.md shows', SQLERRM;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA privacy CASCADE`);
  }
}
