import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What issue 15 added to a delivery's summary: its order (search by `orderId`), the earlier attempt a
 * re-delivery links to, when it was cancelled; and the drop photos' first deliveries (photo_reused).
 * Existing summaries take the first two from the story they keep.
 */
export class DeliveryContent1764820000000 implements MigrationInterface {
  name = 'DeliveryContent1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE read.delivery_summaries
        ADD COLUMN order_id text,
        ADD COLUMN previous_delivery_id text,
        ADD COLUMN cancelled_at text`);
    await queryRunner.query(`
      UPDATE read.delivery_summaries
         SET order_id = COALESCE(story #>> '{state,delivery,orderId}', ''),
             previous_delivery_id = story #>> '{state,delivery,previousDeliveryId}'`);
    await queryRunner.query(
      `ALTER TABLE read.delivery_summaries ALTER COLUMN order_id SET NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_summaries_order_id ON read.delivery_summaries (order_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX delivery_summaries_previous ON read.delivery_summaries (previous_delivery_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE read.photo_digests (
        sha256 text PRIMARY KEY,
        delivery_id text NOT NULL,
        global_position bigint NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.photo_digests`);
    await queryRunner.query(`
      ALTER TABLE read.delivery_summaries
        DROP COLUMN order_id, DROP COLUMN previous_delivery_id, DROP COLUMN cancelled_at`);
  }
}
