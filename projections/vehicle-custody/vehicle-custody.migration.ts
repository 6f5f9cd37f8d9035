import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One car's custody across deliveries (the `vehicle-custody` projection): every grant, unlock, opening
 * and lock by car and time, and each grant's stretch of live access. Rebuilt from the ledger.
 */
export class CreateVehicleCustody1764910000000 implements MigrationInterface {
  name = 'CreateVehicleCustody1764910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE read.custody_entries (
         global_position bigint PRIMARY KEY,
         vehicle_id text NOT NULL,
         delivery_id text NOT NULL,
         customer_id text NOT NULL,
         at text NOT NULL,
         occurred timestamptz NOT NULL,
         kind text NOT NULL,
         grant_id text,
         courier_id text,
         attributed_to text,
         line text NOT NULL
       )`,
      `CREATE INDEX custody_entries_vehicle ON read.custody_entries (vehicle_id, occurred, global_position)`,
      `CREATE INDEX custody_entries_delivery ON read.custody_entries (delivery_id)`,
      `CREATE TABLE read.custody_grants (
         delivery_id text NOT NULL,
         grant_id text NOT NULL,
         vehicle_id text NOT NULL,
         customer_id text NOT NULL,
         courier_id text NOT NULL,
         live_from timestamptz NOT NULL,
         live_to timestamptz NOT NULL,
         granted_position bigint NOT NULL,
         PRIMARY KEY (delivery_id, grant_id)
       )`,
      `CREATE INDEX custody_grants_vehicle ON read.custody_grants (vehicle_id, live_from)`,
      `CREATE TABLE read.custody_stories (
         delivery_id text PRIMARY KEY,
         story jsonb NOT NULL
       )`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['custody_entries', 'custody_grants', 'custody_stories'])
      await queryRunner.query(`DROP TABLE read.${table}`);
  }
}
