import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a projection could not apply after its retries: set aside, visible, never silently skipped. */
@Entity({ schema: 'read', name: 'parked_events' })
export class ParkedEventEntity {
  @PrimaryColumn('text')
  projection: string;

  @PrimaryColumn('bigint', { name: 'global_position' })
  globalPosition: string;

  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Column('text', { name: 'event_type' })
  eventType: string;

  @Column('text')
  error: string;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { name: 'parked_at' })
  parkedAt: Date;
}
