import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The order index is descending by position in the migration; TypeORM compares names and columns. */
@Entity({ schema: 'read', name: 'anomalies' })
@Index('anomalies_order', ['severityRank', 'globalPosition'])
@Index('anomalies_delivery', ['deliveryId', 'globalPosition'])
export class AnomalyEntity {
  /** `{code}:{deliveryId}:{position}`: the same event raises the same anomaly on every replay. */
  @PrimaryColumn('text', { name: 'anomaly_id' })
  anomalyId: string;

  @Column('text')
  code: string;

  @Column('text')
  severity: string;

  @Column('integer', { name: 'severity_rank' })
  severityRank: number;

  @Column('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('text')
  rule: string;

  @Column('text')
  reason: string;

  /** Global positions of the events that triggered it. */
  @Column('bigint', { array: true })
  evidence: string[];

  @Column('text', { name: 'detected_at' })
  detectedAt: string;

  @Column('bigint', { name: 'global_position' })
  globalPosition: string;
}
