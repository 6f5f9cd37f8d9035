import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What excessive_personal_data_access remembers per viewer (rebuilt with the anomalies). */
export class CreateAccessTallies1764300000000 implements MigrationInterface {
  name = 'CreateAccessTallies1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read.access_tallies (
        viewer_id text PRIMARY KEY,
        tally jsonb NOT NULL,
        last_position bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.access_tallies`);
  }
}
