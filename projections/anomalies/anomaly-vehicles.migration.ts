import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What overlapping_grants remembers per car: its deliveries' grants (rebuilt with the anomalies). */
export class CreateAnomalyVehicles1764920000000 implements MigrationInterface {
  name = 'CreateAnomalyVehicles1764920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE read.anomaly_vehicles (
        vehicle_id text PRIMARY KEY,
        grants jsonb NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE read.anomaly_vehicles`);
  }
}
