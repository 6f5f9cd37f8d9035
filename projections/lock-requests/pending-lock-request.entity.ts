import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A lock the ledger (a car left unlocked) or the customer asked for, that no connector has carried out
 * yet: no lock confirmation since, no definitive answer from the carmaker. Connectors read it by their
 * carmaker (the delivery's, from its summary).
 */
@Entity({ schema: 'read', name: 'pending_lock_requests' })
@Index('pending_lock_requests_order', ['globalPosition'])
export class PendingLockRequestEntity {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId: string;

  @PrimaryColumn('text', { name: 'command_id' })
  commandId: string;

  /** The role that asked: `system` (the watchdog) or `customer`. */
  @Column('text', { name: 'requested_by' })
  requestedBy: string;

  @Column('text', { name: 'requested_at' })
  requestedAt: string;

  @Column('bigint', { name: 'global_position' })
  globalPosition: string;
}
