import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases as the console lists them, pending ones first of all (the `cases` projection; rebuilt from the ledger). */
export class CreateCaseSummaries1765000000000 implements MigrationInterface {
  name = 'CreateCaseSummaries1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read.case_summaries (
        case_id text PRIMARY KEY,
        investigator_id text NOT NULL,
        reason text NOT NULL,
        delivery_ids jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        approvals integer NOT NULL,
        last_approved_by text,
        closed boolean NOT NULL,
        global_position bigint NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX case_summaries_opened ON read.case_summaries (opened_at, case_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.case_summaries`);
  }
}
