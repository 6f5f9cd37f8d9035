import type { Instant } from '../../domain/shared/instant.js';
import { millisOf, plusSeconds } from './bounded-time.js';
import type { DeliveryStory } from './delivery-story.js';
import { eventTime, timeVerdictOf, type LedgerEvent } from './ledger-event.js';

/** Facts stamped by the car's own clock: its status reads, what they show, and what its connector reports. */
function stampedByCar(event: LedgerEvent): boolean {
  switch (event.type) {
    case 'VehicleStatusReported':
      return true;
    case 'LockConfirmed':
      return event.data.evidence === 'status_observed';
    case 'ClosureOpened':
    case 'ClosureClosed':
      return event.metadata.actor.role === 'oem-connector';
    default:
      return false;
  }
}

/**
 * Where a fact belongs on the delivery's time line, by the ledger's clock: its source's own time where
 * that clock is trusted — the car's moved by the clock offset its reads were judged with (bounded by
 * the time rules, and never past its recording) — and its recording where the source stamped it
 * ahead of the ledger's clock.
 */
export function placedAt(event: LedgerEvent, before: DeliveryStory): Instant {
  if (timeVerdictOf(event) === 'timestamp_in_future') return event.metadata.recordedAt;
  const at = eventTime(event);
  if (!stampedByCar(event)) return at;
  const offsetS =
    event.type === 'VehicleStatusReported' && event.data.judgement
      ? event.data.judgement.clockOffsetS
      : (before.vehicleClockOffsetS ?? 0);
  if (offsetS === 0) return at;
  // An estimate of the offset never places a fact after the ledger recorded it.
  const corrected = plusSeconds(at, -offsetS);
  const recordedAt = event.metadata.recordedAt;
  return (millisOf(corrected) ?? 0) > (millisOf(recordedAt) ?? Infinity) ? recordedAt : corrected;
}

interface Placed {
  readonly at: Instant;
  readonly recordedAt: Instant;
  readonly globalPosition: number;
}

/** A moment to sort by: the placed time, or its recording when the placed time is no moment. */
const sortKey = (entry: Placed): number =>
  millisOf(entry.at) ?? millisOf(entry.recordedAt) ?? Number.MAX_SAFE_INTEGER;

/**
 * Entries by the time each fact happened, ties (and facts of one moment) in ledger order. An entry is
 * `late` when the ledger recorded it after an entry placed later than it: it arrived out of order. The
 * ledger's own order stays in each entry's globalPosition and streamRevision.
 */
export function inPlacedOrder<E extends Placed>(entries: readonly E[]): (E & { late: boolean })[] {
  const sorted = [...entries].sort(
    (a, b) => sortKey(a) - sortKey(b) || a.globalPosition - b.globalPosition,
  );
  let earliestAfter = Number.POSITIVE_INFINITY;
  const late = new Array<boolean>(sorted.length);
  for (let i = sorted.length - 1; i >= 0; i -= 1) {
    late[i] = sorted[i]!.globalPosition > earliestAfter;
    earliestAfter = Math.min(earliestAfter, sorted[i]!.globalPosition);
  }
  return sorted.map((entry, i) => ({ ...entry, late: late[i]! }));
}
