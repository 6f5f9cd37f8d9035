import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints, schema `integrity`: not a read model — each was published, so none is ever
 * rewritten or dropped by a rebuild. The tree they commit to is rebuilt identically from the ledger.
 */
export class CreateCheckpoints1764500000000 implements MigrationInterface {
  name = 'CreateCheckpoints1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA integrity`);
    await queryRunner.query(`
      CREATE TABLE integrity.checkpoints (
        tree_size bigint PRIMARY KEY CHECK (tree_size > 0),
        root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
        note text NOT NULL,
        key_id text NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE TRIGGER checkpoints_are_append_only BEFORE UPDATE OR DELETE ON integrity.checkpoints
         FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`,
    );
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'keytrail_app') THEN
          GRANT USAGE ON SCHEMA integrity TO keytrail_app;
          GRANT SELECT, INSERT ON integrity.checkpoints TO keytrail_app;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'keytrail_app not granted integrity (%); grant it by hand', SQLERRM;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA integrity CASCADE`);
  }
}
