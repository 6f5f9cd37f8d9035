import { describe, expect, it } from '@jest/globals';

import { LEDGER_ID } from '../modules/delivery/dto/validation.js';
import { planDeliveries, SITUATIONS } from './demo-plan.js';

describe('the demo plan', () => {
  const plan = planDeliveries('demoabc', 200);

  it('plans one delivery for each situation, and routine ones for the rest', () => {
    for (const situation of SITUATIONS)
      expect(plan.filter((d) => d.story === situation)).toHaveLength(1);
    const routines = new Set(
      plan.map((d) => d.story).filter((s) => !SITUATIONS.includes(s as never)),
    );
    expect(routines).toEqual(
      new Set([
        'completed',
        'gm_pending_unlock',
        'courier_on_the_way',
        'upcoming',
        'customer_blocked',
      ]),
    );
    expect(plan.filter((d) => d.story === 'completed').length).toBeGreaterThan(140);
  });

  it('spreads the deliveries over Volvo, GM and Tesla, each car with its own plate', () => {
    for (const vendor of ['volvo', 'gm', 'tesla'])
      expect(plan.filter((d) => d.vendor === vendor).length).toBeGreaterThan(50);
    expect(new Set(plan.map((d) => d.plate)).size).toBeGreaterThan(150);
    for (const d of plan) expect(d.plate).toMatch(/^[A-Za-z0-9][A-Za-z0-9 -]{0,14}$/);
  });

  it('gives every delivery, customer, car and order ids the API takes, new for each run', () => {
    const ids = plan.flatMap((d) => [
      d.deliveryId,
      d.customerId,
      d.vehicleId,
      d.orderId,
      d.courierId,
    ]);
    for (const id of ids) expect(id).toMatch(LEDGER_ID);
    expect(new Set(plan.map((d) => d.deliveryId)).size).toBe(200);
    const other = planDeliveries('demoxyz', 200);
    expect(other.some((d) => plan.some((p) => p.deliveryId === d.deliveryId))).toBe(false);
  });
});
