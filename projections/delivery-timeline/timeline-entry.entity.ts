import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import type { StepState } from '../../src/story/delivery-story/delivery-story.js';

/** What the timeline adds to each delivery event; the event itself is read from the ledger. */
@Entity({ schema: 'read', name: 'timeline_entries' })
@Index('timeline_entries_delivery', ['deliveryId', 'globalPosition'])
export class TimelineEntryEntity {
  @PrimaryColumn('bigint', { name: 'global_position' })
  globalPosition: string;

  @Column('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('bigint', { name: 'stream_revision' })
  streamRevision: string;

  @Column('text')
  line: string;

  @Column('jsonb', { name: 'state_after' })
  stateAfter: StepState;

  @Column('text', { array: true })
  anomalies: string[];

  /** When its fact happened, by the ledger's clock; null on rows written before placement. */
  @Column('text', { name: 'placed_at', nullable: true })
  placedAt: string | null;
}
