import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Locks the ledger or the customer asked for, waiting for a connector (rebuilt from the ledger). */
export class CreatePendingLockRequests1764810000000 implements MigrationInterface {
  name = 'CreatePendingLockRequests1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read.pending_lock_requests (
        delivery_id text NOT NULL,
        command_id text NOT NULL,
        requested_by text NOT NULL,
        requested_at text NOT NULL,
        global_position bigint NOT NULL,
        PRIMARY KEY (delivery_id, command_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX pending_lock_requests_order ON read.pending_lock_requests (global_position)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.pending_lock_requests`);
  }
}
