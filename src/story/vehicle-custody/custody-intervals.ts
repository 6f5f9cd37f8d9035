import type { Instant } from '../../domain/shared/instant.js';
import { millisOf } from '../delivery-story/bounded-time.js';

export interface Holding {
  readonly deliveryId: string;
  readonly grantId: string;
  readonly courierId: string;
  readonly from: Instant;
  readonly to: Instant;
}

/** A stretch of time and who held live access to the car during all of it (none: a gap). */
export interface CustodyInterval {
  readonly from: Instant;
  readonly to: Instant;
  readonly holders: readonly Omit<Holding, 'from' | 'to'>[];
}

const iso = (ms: number): Instant => new Date(ms).toISOString();

/**
 * [from, to) cut at every moment live access began or ended: each piece with the grants live in all
 * of it, in the order they began. A piece without holders is a gap: nobody but the owner had access.
 * Holdings are clipped to the range; ones that are no moment are left out.
 */
export function custodyIntervals(
  holdings: readonly Holding[],
  from: Instant,
  to: Instant,
): CustodyInterval[] {
  const start = millisOf(from)!;
  const end = millisOf(to)!;
  const spans = holdings.flatMap((h) => {
    const a = millisOf(h.from);
    const b = millisOf(h.to);
    if (a === null || b === null) return [];
    const [s, e] = [Math.max(a, start), Math.min(b, end)];
    return e > s ? [{ holding: h, s, e }] : [];
  });
  const cuts = [...new Set([start, end, ...spans.flatMap((x) => [x.s, x.e])])].sort(
    (a, b) => a - b,
  );
  const intervals: CustodyInterval[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    // Who took the car first comes first; ids only settle a tie.
    const holders = spans
      .filter((x) => x.s <= a && x.e >= b)
      .sort(
        (x, y) =>
          millisOf(x.holding.from)! - millisOf(y.holding.from)! ||
          x.holding.deliveryId.localeCompare(y.holding.deliveryId) ||
          x.holding.grantId.localeCompare(y.holding.grantId),
      )
      .map(({ holding: { from: _f, to: _t, ...holder } }) => holder);
    const previous = intervals.at(-1);
    // Neighbours held by the same grants are one interval.
    if (previous && JSON.stringify(previous.holders) === JSON.stringify(holders)) {
      intervals[intervals.length - 1] = { ...previous, to: iso(b) };
    } else {
      intervals.push({ from: iso(a), to: iso(b), holders });
    }
  }
  return intervals;
}
