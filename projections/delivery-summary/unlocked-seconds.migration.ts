import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `unlocked_seconds` as bigint: an `integer` overflows past 68 years, which a status read stamped 2099
 * made of one delivery and parked its summary. The story bounds the value (bounded-time.ts MAX_SECONDS).
 */
export class WidenUnlockedSeconds1764610000000 implements MigrationInterface {
  name = 'WidenUnlockedSeconds1764610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE read.delivery_summaries ALTER COLUMN unlocked_seconds TYPE bigint`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE read.delivery_summaries ALTER COLUMN unlocked_seconds TYPE integer`,
    );
  }
}
