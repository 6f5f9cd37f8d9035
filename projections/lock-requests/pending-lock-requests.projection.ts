import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import type { Projection, ProjectionWriter } from '../runtime/projection.js';

/** Whose lock requests nobody else carries out: the ledger's own and the customer's. */
const WAITING_FOR_A_CONNECTOR: ReadonlySet<string> = new Set(['system', 'customer']);

/** A carmaker's answer that settles a lock command either way (ambiguous: it said what it knows). */
const SETTLED: ReadonlySet<string> = new Set(['succeeded', 'failed', 'ambiguous']);

/**
 * Pending: a lock the ledger or the customer asked for, with no lock confirmation recorded since and
 * no definitive answer from the carmaker to that command yet. Events alone change it, in ledger order.
 */
async function applyOne(event: LedgerEvent, writer: ProjectionWriter): Promise<void> {
  const table = writer.table('pending_lock_requests');
  const deliveryId = deliveryIdOf(event);
  switch (event.type) {
    case 'LockRequested':
      if (!WAITING_FOR_A_CONNECTOR.has(event.metadata.actor.role)) return;
      await writer.query(
        `INSERT INTO ${table} (delivery_id, command_id, requested_by, requested_at, global_position)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [
          deliveryId,
          event.data.commandId,
          event.metadata.actor.role,
          event.data.requestedAt,
          event.metadata.globalPosition,
        ],
      );
      return;
    case 'LockCommandResult':
      if (!SETTLED.has(event.data.outcome)) return;
      await writer.query(`DELETE FROM ${table} WHERE delivery_id = $1 AND command_id = $2`, [
        deliveryId,
        event.data.commandId,
      ]);
      return;
    case 'LockConfirmed':
      await writer.query(`DELETE FROM ${table} WHERE delivery_id = $1`, [deliveryId]);
      return;
    default:
      return;
  }
}

/** The locks connectors are to carry out, served to each by its carmaker. */
export class PendingLockRequestsProjection implements Projection {
  readonly name = 'pending-lock-requests';
  readonly tables = ['pending_lock_requests'];

  async forgetStream(streamId: string, writer: ProjectionWriter): Promise<boolean> {
    if (streamId.startsWith('delivery-')) {
      await writer.query(
        `DELETE FROM ${writer.table('pending_lock_requests')} WHERE delivery_id = $1`,
        [streamId.slice('delivery-'.length)],
      );
    }
    return true;
  }

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    for (const event of events.filter(isDeliveryStream).map(toLedgerEvent)) {
      await applyOne(event, writer);
    }
  }
}
