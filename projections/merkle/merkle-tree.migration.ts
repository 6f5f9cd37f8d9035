import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Merkle tree over the global order (a read model: rebuilt from the ledger it is byte for byte the
 * same): every complete subtree's hash by (level, index); leaves carry their event's global position.
 */
export class CreateMerkleTree1764400000000 implements MigrationInterface {
  name = 'CreateMerkleTree1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read.merkle_nodes (
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        global_position bigint,
        PRIMARY KEY (level, idx)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX merkle_leaves_position ON read.merkle_nodes (global_position) WHERE level = 0`,
    );
    await queryRunner.query(`
      CREATE TABLE read.merkle_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        size bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.merkle_nodes, read.merkle_state`);
  }
}
