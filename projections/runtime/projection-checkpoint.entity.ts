import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'read', name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn('text')
  projection: string;

  /** The next global position to apply. */
  @Column('bigint')
  position: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
