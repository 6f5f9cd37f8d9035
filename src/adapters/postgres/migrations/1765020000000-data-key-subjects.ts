import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data keys belong to a data subject of a kind: a customer (delivery and vehicle scopes) or a courier
 * (courier scopes). A customer and a courier may share an id; the kind keeps one's erasure from
 * destroying the other's keys. Every key before this one was a customer's.
 */
export class DataKeySubjects1765020000000 implements MigrationInterface {
  name = 'DataKeySubjects1765020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE privacy.data_keys ADD COLUMN subject_kind text NOT NULL DEFAULT 'customer'
         CHECK (subject_kind IN ('customer', 'courier'))`,
    );
    await queryRunner.query(`DROP INDEX privacy.data_keys_customer`);
    await queryRunner.query(
      `CREATE INDEX data_keys_subject ON privacy.data_keys (subject_kind, customer_id) WHERE destroyed_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX privacy.data_keys_subject`);
    await queryRunner.query(`ALTER TABLE privacy.data_keys DROP COLUMN subject_kind`);
    await queryRunner.query(
      `CREATE INDEX data_keys_customer ON privacy.data_keys (customer_id) WHERE destroyed_at IS NULL`,
    );
  }
}
