import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read side, schema `read`: projection checkpoints and parked events, and the read models of the
 * delivery timeline, summary, anomalies and the watchdog's deadlines. Every table here can be rebuilt
 * from the ledger; none is the source of truth.
 */
export class CreateReadModels1764100000000 implements MigrationInterface {
  name = 'CreateReadModels1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE SCHEMA read`,
      `CREATE TABLE read.projection_checkpoints (
         projection text PRIMARY KEY,
         position bigint NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE TABLE read.parked_events (
         projection text NOT NULL,
         global_position bigint NOT NULL,
         event_id uuid NOT NULL,
         event_type text NOT NULL,
         error text NOT NULL,
         attempts integer NOT NULL,
         parked_at timestamptz NOT NULL,
         PRIMARY KEY (projection, global_position)
       )`,
      // Derived columns only: the envelope and the data are read from the ledger with the rows.
      `CREATE TABLE read.timeline_entries (
         global_position bigint PRIMARY KEY,
         delivery_id text NOT NULL,
         stream_revision bigint NOT NULL,
         line text NOT NULL,
         state_after jsonb NOT NULL,
         anomalies text[] NOT NULL
       )`,
      `CREATE INDEX timeline_entries_delivery ON read.timeline_entries (delivery_id, global_position)`,
      `CREATE TABLE read.timeline_stories (
         delivery_id text PRIMARY KEY,
         story jsonb NOT NULL
       )`,
      `CREATE TABLE read.delivery_summaries (
         delivery_id text PRIMARY KEY,
         status text NOT NULL,
         vendor text NOT NULL,
         customer_id text NOT NULL,
         vehicle_id text NOT NULL,
         courier_id text,
         courier_ids text[] NOT NULL,
         window_from text NOT NULL,
         window_to text NOT NULL,
         scheduled_at text,
         granted_at text,
         unlocked_at text,
         first_opened_at text,
         dropped_at text,
         last_closed_at text,
         lock_confirmed_at text,
         completed_at text,
         failed_at text,
         unlocked_seconds integer,
         released boolean NOT NULL,
         anomalies text[] NOT NULL,
         last_position bigint NOT NULL,
         story jsonb NOT NULL
       )`,
      `CREATE INDEX delivery_summaries_order ON read.delivery_summaries (window_from DESC, delivery_id DESC)`,
      `CREATE INDEX delivery_summaries_customer ON read.delivery_summaries (customer_id, window_from DESC, delivery_id DESC)`,
      `CREATE INDEX delivery_summaries_vehicle ON read.delivery_summaries (vehicle_id, window_from DESC, delivery_id DESC)`,
      `CREATE INDEX delivery_summaries_couriers ON read.delivery_summaries USING gin (courier_ids)`,
      `CREATE INDEX delivery_summaries_anomalies ON read.delivery_summaries USING gin (anomalies)`,
      `CREATE TABLE read.anomalies (
         anomaly_id text PRIMARY KEY,
         code text NOT NULL,
         severity text NOT NULL,
         severity_rank integer NOT NULL,
         delivery_id text NOT NULL,
         rule text NOT NULL,
         reason text NOT NULL,
         evidence bigint[] NOT NULL,
         detected_at text NOT NULL,
         global_position bigint NOT NULL
       )`,
      `CREATE INDEX anomalies_order ON read.anomalies (severity_rank, global_position DESC)`,
      `CREATE INDEX anomalies_delivery ON read.anomalies (delivery_id, global_position)`,
      `CREATE TABLE read.anomaly_stories (
         delivery_id text PRIMARY KEY,
         story jsonb NOT NULL
       )`,
      `CREATE TABLE read.deadlines (
         deadline_id text PRIMARY KEY,
         delivery_id text NOT NULL,
         kind text NOT NULL,
         ref text NOT NULL,
         due_at timestamptz NOT NULL
       )`,
      `CREATE INDEX deadlines_due ON read.deadlines (due_at)`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP SCHEMA read CASCADE`);
  }
}
