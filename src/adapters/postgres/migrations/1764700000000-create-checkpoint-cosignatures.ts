import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Witnesses' cosignatures of signed checkpoints (C2SP tlog-cosignature), each verified with the
 * witness's key before it was stored. Append-only like the checkpoints: a cosignature was published.
 * The largest size a witness cosigned is where the next consistency proof to it starts.
 */
export class CreateCheckpointCosignatures1764700000000 implements MigrationInterface {
  name = 'CreateCheckpointCosignatures1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE integrity.checkpoint_cosignatures (
        tree_size bigint NOT NULL REFERENCES integrity.checkpoints (tree_size),
        witness text NOT NULL,
        line text NOT NULL,
        timestamp bigint NOT NULL CHECK (timestamp >= 0),
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tree_size, witness)
      )`);
    await queryRunner.query(
      `CREATE INDEX checkpoint_cosignatures_by_witness
         ON integrity.checkpoint_cosignatures (witness, tree_size DESC)`,
    );
    await queryRunner.query(
      `CREATE TRIGGER cosignatures_are_append_only
         BEFORE UPDATE OR DELETE ON integrity.checkpoint_cosignatures
         FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`,
    );
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'keytrail_app') THEN
          GRANT SELECT, INSERT ON integrity.checkpoint_cosignatures TO keytrail_app;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'keytrail_app not granted integrity.checkpoint_cosignatures (%); grant it by hand', SQLERRM;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE integrity.checkpoint_cosignatures`);
  }
}
