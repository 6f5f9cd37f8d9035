import { describe, expect, it } from '@jest/globals';

import type { HeldGrant } from './held-grants.js';
import { applyGrantChange } from './held-grants.js';
import { custodyIntervals } from './custody-intervals.js';
import { overlappingGrants } from './overlapping-grants.js';

const at = (time: string) => `2026-11-25T${time}.000Z`;
const grant = (deliveryId: string, from: string, to: string, position: number): HeldGrant => ({
  deliveryId,
  grantId: 'g-1',
  courierId: `c-${deliveryId}`,
  from: at(from),
  to: at(to),
  position,
});
const granted = (g: HeldGrant) => ({ kind: 'granted' as const, grant: g });

describe('overlapping_grants: two deliveries live on one car at once', () => {
  const a = grant('A', '13:30:00', '15:00:00', 3);
  const b = grant('B', '13:45:00', '15:30:00', 7);

  it('finds the other delivery’s live grant a new one overlaps, and raises on both deliveries', () => {
    const { held, overlapping } = applyGrantChange([a], granted(b));
    expect(held).toEqual([a, b]);
    expect(overlapping).toEqual([a]);
    const found = overlappingGrants(b, overlapping);
    expect(found.map((f) => [f.deliveryId, f.finding.code, f.finding.evidence])).toEqual([
      ['B', 'overlapping_grants', [3, 7]],
      ['A', 'overlapping_grants', [3, 7]],
    ]);
  });

  it('finds none when the first grant ended (revoked, expired, delivery ended) before the second began', () => {
    const ended = applyGrantChange([a], {
      kind: 'ended',
      deliveryId: 'A',
      grantId: null,
      at: at('13:40:00'),
    }).held;
    expect(ended[0]!.to).toBe(at('13:40:00'));
    expect(applyGrantChange(ended, granted(b)).overlapping).toEqual([]);
  });

  it('finds none between grants of one delivery, nor when windows only touch', () => {
    expect(
      applyGrantChange([a], granted({ ...b, deliveryId: 'A', grantId: 'g-2' })).overlapping,
    ).toEqual([]);
    expect(
      applyGrantChange([a], granted(grant('B', '15:00:00', '16:00:00', 8))).overlapping,
    ).toEqual([]);
  });

  it('finds nothing new when the same grant is told again (a replay of one delivery)', () => {
    const once = applyGrantChange([a], granted(b)).held;
    expect(applyGrantChange(once, granted(b))).toEqual({ held: once, overlapping: [] });
  });
});

describe('custody intervals: who held live access when, and the gaps', () => {
  it('cuts the range where access began or ended, merging stretches held by the same grants', () => {
    const intervals = custodyIntervals(
      [grant('A', '13:30:00', '14:02:00', 3), grant('B', '13:45:00', '15:30:00', 7)],
      at('13:00:00'),
      at('16:00:00'),
    );
    expect(intervals.map((i) => [i.from, i.to, i.holders.map((h) => h.deliveryId)])).toEqual([
      [at('13:00:00'), at('13:30:00'), []],
      [at('13:30:00'), at('13:45:00'), ['A']],
      [at('13:45:00'), at('14:02:00'), ['A', 'B']],
      [at('14:02:00'), at('15:30:00'), ['B']],
      [at('15:30:00'), at('16:00:00'), []],
    ]);
  });

  it('clips grants to the range and answers one gap when nobody held access', () => {
    expect(
      custodyIntervals([grant('A', '10:00:00', '11:00:00', 1)], at('13:00:00'), at('14:00:00')),
    ).toEqual([{ from: at('13:00:00'), to: at('14:00:00'), holders: [] }]);
  });
});
