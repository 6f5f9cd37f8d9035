import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One grant's stretch of live access to its car (held-grants.ts), shortened when it ended. */
@Entity({ schema: 'read', name: 'custody_grants' })
@Index('custody_grants_vehicle', ['vehicleId', 'liveFrom'])
export class CustodyGrantEntity {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId: string;

  @PrimaryColumn('text', { name: 'grant_id' })
  grantId: string;

  @Column('text', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text', { name: 'customer_id' })
  customerId: string;

  @Column('text', { name: 'courier_id' })
  courierId: string;

  @Column('timestamptz', { name: 'live_from' })
  liveFrom: Date;

  @Column('timestamptz', { name: 'live_to' })
  liveTo: Date;

  @Column('bigint', { name: 'granted_position' })
  grantedPosition: string;
}
