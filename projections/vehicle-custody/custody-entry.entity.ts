import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One grant, unlock, opening or lock of a car, from one delivery event (custody-entry.ts). */
@Entity({ schema: 'read', name: 'custody_entries' })
@Index('custody_entries_vehicle', ['vehicleId', 'occurred', 'globalPosition'])
@Index('custody_entries_delivery', ['deliveryId'])
export class CustodyEntryEntity {
  @PrimaryColumn('bigint', { name: 'global_position' })
  globalPosition: string;

  @Column('text', { name: 'vehicle_id' })
  vehicleId: string;

  @Column('text', { name: 'delivery_id' })
  deliveryId: string;

  @Column('text', { name: 'customer_id' })
  customerId: string;

  /** When it happened by the ledger's clock, as placed (text: any stored moment). */
  @Column('text')
  at: string;

  /** The same moment held within years 1–9999, to select a range by. */
  @Column('timestamptz')
  occurred: Date;

  @Column('text')
  kind: string;

  @Column('text', { name: 'grant_id', nullable: true })
  grantId: string | null;

  @Column('text', { name: 'courier_id', nullable: true })
  courierId: string | null;

  @Column('text', { name: 'attributed_to', nullable: true })
  attributedTo: string | null;

  @Column('text')
  line: string;
}
