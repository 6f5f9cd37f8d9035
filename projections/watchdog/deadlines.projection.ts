import { columnInstant, plusSeconds } from '../../src/story/delivery-story/bounded-time.js';
import { LOCK_CONFIRMATION_DUE_SECONDS } from '../../src/domain/delivery/lock-confirmation.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import type { Projection, ProjectionWriter } from '../runtime/projection.js';

export type DeadlineKind = 'grant_expiry' | 'lock_confirmation';

export interface Deadline {
  readonly deadlineId: string;
  readonly deliveryId: string;
  readonly kind: DeadlineKind;
  /** The grant id, or `lock`. */
  readonly ref: string;
  readonly dueAt: string;
}

const grantDeadline = (deliveryId: string, grantId: string) =>
  `grant_expiry:${deliveryId}:${grantId}`;
const lockDeadline = (deliveryId: string) => `lock_confirmation:${deliveryId}:lock`;

type DeadlineChange =
  { readonly set: Deadline } | { readonly clear: string } | { readonly clearGrantsOf: string };

/** What an event does to the moments the watchdog waits for. */
function deadlineChanges(event: LedgerEvent): DeadlineChange[] {
  const deliveryId = deliveryIdOf(event);
  switch (event.type) {
    case 'AccessGranted':
      return [
        {
          set: {
            deadlineId: grantDeadline(deliveryId, event.data.grantId),
            deliveryId,
            kind: 'grant_expiry',
            ref: event.data.grantId,
            dueAt: event.data.notAfter,
          },
        },
      ];
    case 'AccessRevoked':
    case 'GrantExpired':
      return [{ clear: grantDeadline(deliveryId, event.data.grantId) }];
    case 'ClosureClosed':
      // A close stamped in the future or older than what was known starts no deadline; nor the owner's.
      if (event.data.timeVerdict || event.data.attributedTo) return [];
      return [
        {
          set: {
            deadlineId: lockDeadline(deliveryId),
            deliveryId,
            kind: 'lock_confirmation',
            ref: 'lock',
            dueAt: plusSeconds(event.data.vehicleTimestamp, LOCK_CONFIRMATION_DUE_SECONDS),
          },
        },
      ];
    case 'LockConfirmed':
    case 'LockConfirmationOverdue':
      return [{ clear: lockDeadline(deliveryId) }];
    // A grant ends with its delivery; the lock deadline does not (a failed delivery may stand open).
    case 'DeliveryCompleted':
    case 'DeliveryFailed':
      return [{ clearGrantsOf: deliveryId }];
    default:
      return [];
  }
}

/**
 * The moments the watchdog must act on: grants to expire, lock confirmations coming due. Only events
 * change it (the watchdog never writes here), so a rebuild gives the same rows.
 */
export class DeadlinesProjection implements Projection {
  readonly name = 'watchdog-deadlines';
  readonly tables = ['deadlines'];

  /** A delivery's deadlines follow from its own events; no other stream sets any. */
  async forgetStream(streamId: string, writer: ProjectionWriter): Promise<boolean> {
    if (streamId.startsWith('delivery-')) {
      await writer.query(`DELETE FROM ${writer.table('deadlines')} WHERE delivery_id = $1`, [
        streamId.slice('delivery-'.length),
      ]);
    }
    return true;
  }

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    // The batch's net effect: the last change per deadline wins; deliveries that ended clear their grants.
    const final = new Map<string, Deadline | null>();
    const ended = new Set<string>();
    for (const event of events.filter(isDeliveryStream).map(toLedgerEvent)) {
      for (const change of deadlineChanges(event)) {
        if ('set' in change) final.set(change.set.deadlineId, change.set);
        else if ('clear' in change) final.set(change.clear, null);
        else {
          ended.add(change.clearGrantsOf);
          for (const [id, d] of final) {
            if (d?.deliveryId === change.clearGrantsOf && d.kind === 'grant_expiry')
              final.set(id, null);
          }
        }
      }
    }
    const table = writer.table('deadlines');
    const cleared = [...final].filter(([, d]) => d === null).map(([id]) => id);
    if (cleared.length > 0 || ended.size > 0) {
      await writer.query(
        `DELETE FROM ${table} WHERE deadline_id = ANY($1) OR (kind = 'grant_expiry' AND delivery_id = ANY($2))`,
        [cleared, [...ended]],
      );
    }
    const set = [...final.values()].filter((d): d is Deadline => d !== null);
    if (set.length > 0) {
      await writer.query(
        `INSERT INTO ${table} (deadline_id, delivery_id, kind, ref, due_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         ON CONFLICT (deadline_id) DO UPDATE SET due_at = EXCLUDED.due_at`,
        [
          set.map((d) => d.deadlineId),
          set.map((d) => d.deliveryId),
          set.map((d) => d.kind),
          set.map((d) => d.ref),
          // A moment past year 9999 is never due; one before year 1, at once (the decider decides).
          set.map((d) => columnInstant(d.dueAt)),
        ],
      );
    }
  }
}
