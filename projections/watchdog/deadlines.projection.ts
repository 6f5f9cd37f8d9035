import {
  columnInstant,
  millisOf,
  plusSeconds,
} from '../../src/story/delivery-story/bounded-time.js';
import { LOCK_CONFIRMATION_DUE_SECONDS } from '../../src/domain/delivery/lock-confirmation.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import type { Projection, ProjectionWriter } from '../runtime/projection.js';

export type DeadlineKind =
  'grant_expiry' | 'lock_confirmation' | 'car_left_unlocked' | 'photo_upload';

export interface Deadline {
  readonly deadlineId: string;
  readonly deliveryId: string;
  readonly kind: DeadlineKind;
  /** The grant id, `lock`, the unlock command id, or the photo's SHA-256. */
  readonly ref: string;
  /**
   * When it is due; for `car_left_unlocked`, when the car may stand unlocked from (the unlock result
   * that says so, recorded): the watchdog adds KEYTRAIL_LEFT_UNLOCKED_S, the setting the decider
   * judges with, so that no row depends on configuration.
   */
  readonly dueAt: string;
}

const grantDeadline = (deliveryId: string, grantId: string) =>
  `grant_expiry:${deliveryId}:${grantId}`;
const lockDeadline = (deliveryId: string) => `lock_confirmation:${deliveryId}:lock`;
const photoDeadline = (deliveryId: string, sha256: string) =>
  `photo_upload:${deliveryId}:${sha256}`;
const unlockedDeadline = (deliveryId: string, commandId: string): Deadline => ({
  deadlineId: `car_left_unlocked:${deliveryId}:${commandId}`,
  deliveryId,
  kind: 'car_left_unlocked',
  ref: commandId,
  dueAt: '',
});

type DeadlineChange =
  | { readonly set: Deadline }
  | { readonly clear: string }
  | { readonly clearKindOf: { readonly deliveryId: string; readonly kind: DeadlineKind } };

/** For a car left unlocked, the earliest moment a row was set from counts. */
const EARLIEST_KEPT: ReadonlySet<DeadlineKind> = new Set(['car_left_unlocked']);

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
    // Watched from the result that says the car may have unlocked (a few seconds after the request
    // the decider counts from): every row then comes due when the decider finds it due.
    case 'UnlockCommandResult':
      return event.data.outcome === 'succeeded' || event.data.outcome === 'ambiguous'
        ? [
            {
              set: {
                ...unlockedDeadline(deliveryId, event.data.commandId),
                dueAt: event.metadata.recordedAt,
              },
            },
          ]
        : [];
    case 'LockConfirmed':
      return [
        { clear: lockDeadline(deliveryId) },
        { clearKindOf: { deliveryId, kind: 'car_left_unlocked' } },
      ];
    case 'CarRelocked':
    case 'CarLeftUnlocked':
      return [{ clearKindOf: { deliveryId, kind: 'car_left_unlocked' } }];
    case 'LockConfirmationOverdue':
      return [{ clear: lockDeadline(deliveryId) }];
    // A drop's photo is awaited past the delivery's end: only its upload or the overdue fact clear it.
    case 'PackagePlaced':
      if (event.data.photoDueBy === null) return [];
      return [
        {
          set: {
            deadlineId: photoDeadline(deliveryId, event.data.photo.sha256),
            deliveryId,
            kind: 'photo_upload',
            ref: event.data.photo.sha256,
            dueAt: event.data.photoDueBy,
          },
        },
      ];
    case 'PhotoAttached':
    case 'PhotoUploadOverdue':
      return [{ clear: photoDeadline(deliveryId, event.data.sha256) }];
    // A grant ends with its delivery; the lock deadlines do not (a failed delivery may stand open).
    case 'DeliveryCompleted':
    case 'DeliveryFailed':
      return [{ clearKindOf: { deliveryId, kind: 'grant_expiry' } }];
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
    // The batch's net effect: the last change per deadline wins (a car left unlocked keeps its
    // earliest); a kind cleared for a delivery clears what the batch set before, and the table's rows.
    const final = new Map<string, Deadline | null>();
    const clearedKinds: { deliveryId: string; kind: DeadlineKind }[] = [];
    for (const event of events.filter(isDeliveryStream).map(toLedgerEvent)) {
      for (const change of deadlineChanges(event)) {
        if ('set' in change)
          final.set(change.set.deadlineId, earlier(final.get(change.set.deadlineId), change.set));
        else if ('clear' in change) final.set(change.clear, null);
        else {
          const { deliveryId, kind } = change.clearKindOf;
          clearedKinds.push({ deliveryId, kind });
          for (const [id, d] of final) {
            if (d?.deliveryId === deliveryId && d.kind === kind) final.set(id, null);
          }
        }
      }
    }
    const table = writer.table('deadlines');
    const cleared = [...final].filter(([, d]) => d === null).map(([id]) => id);
    if (cleared.length > 0 || clearedKinds.length > 0) {
      await writer.query(
        `DELETE FROM ${table} WHERE deadline_id = ANY($1)
            OR (delivery_id, kind) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
        [cleared, clearedKinds.map((c) => c.deliveryId), clearedKinds.map((c) => c.kind)],
      );
    }
    const set = [...final.values()].filter((d): d is Deadline => d !== null);
    if (set.length > 0) {
      await writer.query(
        `INSERT INTO ${table} (deadline_id, delivery_id, kind, ref, due_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         ON CONFLICT (deadline_id) DO UPDATE SET due_at = CASE
           WHEN ${table}.kind = 'car_left_unlocked' THEN LEAST(${table}.due_at, EXCLUDED.due_at)
           ELSE EXCLUDED.due_at END`,
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

/** The change to keep of two to the same deadline in one batch. */
function earlier(current: Deadline | null | undefined, next: Deadline): Deadline {
  if (!current || !EARLIEST_KEPT.has(next.kind)) return next;
  const [was, now] = [millisOf(current.dueAt), millisOf(next.dueAt)];
  return was !== null && (now === null || was <= now) ? current : next;
}
