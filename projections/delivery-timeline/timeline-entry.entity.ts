import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { Actor } from '../../src/domain/shared/actor.js';
import type { StepState } from '../delivery-story/delivery-story.js';

@Entity({ schema: 'read', name: 'timeline_entries' })
@Index('timeline_entries_delivery', ['deliveryId', 'globalPosition'])
export class TimelineEntryEntity {
  @PrimaryColumn('bigint', { name: 'global_position' })
  globalPosition: string;

  @Column('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('bigint', { name: 'stream_revision' })
  streamRevision: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('text')
  type: string;

  @Column('integer', { name: 'schema_version' })
  schemaVersion: number;

  @Column('text', { name: 'occurred_at' })
  occurredAt: string;

  @Column('text', { name: 'recorded_at' })
  recordedAt: string;

  @Column('jsonb')
  actor: Actor;

  @Column('text')
  source: string;

  @Column('text', { name: 'correlation_id' })
  correlationId: string;

  @Column('text', { name: 'causation_id' })
  causationId: string;

  @Column('text')
  hash: string;

  @Column('jsonb')
  data: unknown;

  @Column('text')
  line: string;

  @Column('jsonb', { name: 'state_after' })
  stateAfter: StepState;

  @Column('text', { array: true })
  anomalies: string[];
}
