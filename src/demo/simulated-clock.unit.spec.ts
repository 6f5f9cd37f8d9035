import { describe, expect, it } from '@jest/globals';

import { historyOrder } from './week-pace.js';
import { planDeliveries, SITUATIONS } from './demo-plan.js';
import { SimulatedClock } from './simulated-clock.js';

const WEEK_AGO = Date.parse('2026-11-25T12:00:00.000Z');

describe('the embedded demo’s simulated clock', () => {
  it('starts in the past, runs on, and is moved forward, never back', () => {
    const clock = new SimulatedClock(WEEK_AGO);
    const first = clock.nowMs();
    expect(first).toBeGreaterThanOrEqual(WEEK_AGO);
    expect(first).toBeLessThan(WEEK_AGO + 1000);
    clock.advanceTo(WEEK_AGO + 3_600_000);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(WEEK_AGO + 3_600_000);
    const moved = clock.nowMs();
    clock.advanceTo(WEEK_AGO);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(moved);
    clock.advanceBy(125_000);
    expect(Date.parse(clock.now())).toBeGreaterThanOrEqual(moved + 125_000);
  });
});

describe('the embedded demo’s history order', () => {
  it('tells every delivery once, the situations spread among the ended ones, the open ones last', () => {
    const planned = planDeliveries('demoabc', 200);
    const ordered = historyOrder(planned);
    expect(new Set(ordered.map((d) => d.deliveryId))).toEqual(
      new Set(planned.map((d) => d.deliveryId)),
    );
    const open = ordered.findIndex(
      (d) => d.story === 'upcoming' || d.story === 'courier_on_the_way',
    );
    expect(
      ordered.slice(open).every((d) => d.story === 'upcoming' || d.story === 'courier_on_the_way'),
    ).toBe(true);
    const at = SITUATIONS.map((s) => ordered.findIndex((d) => d.story === s));
    expect(at[0]).toBeGreaterThan(5);
    expect(at.at(-1)).toBeGreaterThan(open * 0.8);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});
