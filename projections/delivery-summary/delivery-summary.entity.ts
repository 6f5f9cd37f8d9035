import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per delivery for search. The migration makes the order indexes descending, which TypeORM
 * cannot declare and does not compare; it compares names, columns and types.
 */
@Entity({ schema: 'read', name: 'delivery_summaries' })
@Index('delivery_summaries_order', ['windowFrom', 'deliveryId'])
@Index('delivery_summaries_customer', ['customerId', 'windowFrom', 'deliveryId'])
@Index('delivery_summaries_vehicle', ['vehicleId', 'windowFrom', 'deliveryId'])
@Index('delivery_summaries_couriers', ['courierIds'], { type: 'gin' })
@Index('delivery_summaries_anomalies', ['anomalies'], { type: 'gin' })
@Index('delivery_summaries_order_id', ['orderId'])
@Index('delivery_summaries_previous', ['previousDeliveryId'])
export class DeliverySummaryEntity {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('text')
  status: string;

  @Column('text')
  vendor: string;

  @Column('text', { name: 'customer_id' })
  customerId: string;

  @Column('text', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text', { name: 'order_id' })
  orderId: string;

  @Column('text', { name: 'previous_delivery_id', nullable: true })
  previousDeliveryId: string | null;

  @Column('text', { name: 'courier_id', nullable: true })
  courierId: string | null;

  @Column('text', { name: 'courier_ids', array: true })
  courierIds: string[];

  @Column('text', { name: 'window_from' })
  windowFrom: string;

  @Column('text', { name: 'window_to' })
  windowTo: string;

  @Column('text', { name: 'scheduled_at', nullable: true })
  scheduledAt: string | null;

  @Column('text', { name: 'granted_at', nullable: true })
  grantedAt: string | null;

  @Column('text', { name: 'unlocked_at', nullable: true })
  unlockedAt: string | null;

  @Column('text', { name: 'first_opened_at', nullable: true })
  firstOpenedAt: string | null;

  @Column('text', { name: 'dropped_at', nullable: true })
  droppedAt: string | null;

  @Column('text', { name: 'last_closed_at', nullable: true })
  lastClosedAt: string | null;

  @Column('text', { name: 'lock_confirmed_at', nullable: true })
  lockConfirmedAt: string | null;

  @Column('text', { name: 'completed_at', nullable: true })
  completedAt: string | null;

  @Column('text', { name: 'failed_at', nullable: true })
  failedAt: string | null;

  @Column('text', { name: 'cancelled_at', nullable: true })
  cancelledAt: string | null;

  /** bigint, read back as a number: the story keeps it within MAX_SECONDS, exact as a double. */
  @Column('bigint', {
    name: 'unlocked_seconds',
    nullable: true,
    transformer: {
      to: (value: number | null) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  unlockedSeconds: number | null;

  @Column('boolean')
  released: boolean;

  @Column('text', { array: true })
  anomalies: string[];

  @Column('bigint', { name: 'last_position' })
  lastPosition: string;

  @Column('jsonb', { select: false })
  story: unknown;
}
