import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each timeline entry is placed: when its fact happened by the ledger's clock (placement.ts).
 * Null on rows written before it; the read side then places the entry by its event's own time.
 */
export class TimelinePlacedAt1764900000000 implements MigrationInterface {
  name = 'TimelinePlacedAt1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE read.timeline_entries ADD COLUMN placed_at text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE read.timeline_entries DROP COLUMN placed_at`);
  }
}
