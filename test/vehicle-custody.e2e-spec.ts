import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, type Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { overlappingDeliveries } from './support/shared-car.js';

interface Custody {
  view: string;
  vehicle: { plate: unknown } | null;
  entries: {
    deliveryId: string;
    at: string;
    kind: string;
    courierId: string | null;
    attributedTo: string | null;
    line: string;
  }[];
  intervals: { from: string; to: string; holders: { deliveryId: string; courierId: string }[] }[];
  gaps: { from: string; to: string }[];
  overlaps: { from: string; to: string; deliveryIds: string[] }[];
}

/**
 * Issue 15, section 6: one car's custody across deliveries. Two deliveries hold live grants on one
 * car at once; both couriers unlock it; A completes locked, then B's courier opens the trunk.
 */
describe('one car’s custody across deliveries', () => {
  let t: TestApp;
  let a: Journey;
  let b: Journey;
  beforeAll(async () => {
    t = await startTestApp();
    ({ a, b } = await overlappingDeliveries(t));
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  const custody = async (
    vehicleId: string,
    query: string,
    role: 'investigator' | 'customer' = 'investigator',
    sub = role === 'customer' ? a.customerId : 'inv-1',
  ) =>
    t.http
      .get(`/v1/vehicles/${vehicleId}/custody${query}`)
      .set('authorization', `Bearer ${await t.token(role, sub)}`);

  const RANGE = `?from=${at('13:00:00')}&to=${at('16:00:00')}`;

  it('raises overlapping_grants on both deliveries, and search finds both by it', async () => {
    for (const j of [a, b]) {
      const found = (await j.anomalies()).filter((x) => x.code === 'overlapping_grants');
      expect(found).toEqual([expect.objectContaining({ severity: 'high' })]);
    }
    const search = await t.http
      .get(`/v1/deliveries?anomaly=overlapping_grants&vehicleId=${a.vehicleId}`)
      .set('authorization', `Bearer ${await t.token('investigator', 'inv-1')}`);
    expect(search.status).toBe(200);
    expect(search.body.items.map((d: { deliveryId: string }) => d.deliveryId).sort()).toEqual(
      [a.deliveryId, b.deliveryId].sort(),
    );
  });

  it('lists every grant, unlock, opening and lock of the car across both deliveries in time order', async () => {
    const res = await custody(a.vehicleId, RANGE);
    expect(res.status).toBe(200);
    const body = res.body as Custody;
    expect(body.view).toBe('pseudonymised');
    expect(body.vehicle!.plate).toMatchObject({ $personal: 'token' });
    const times = body.entries.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    const who = (d: Journey) => (d === a ? 'A' : 'B');
    const journeyOf = (id: string) => who(id === a.deliveryId ? a : b);
    expect(body.entries.map((e) => `${journeyOf(e.deliveryId)} ${e.kind} ${e.courierId}`)).toEqual([
      'A grant c-123',
      'B grant c-456',
      'A unlock c-123',
      'B unlock c-456',
      'A opening c-123',
      'A closing c-123',
      'A lock c-123',
      'A delivery_ended c-123',
      'B opening c-456',
    ]);

    // 13:30–13:45 A alone, 13:45–14:02 both, then B alone until its notAfter; gaps either side.
    const holders = body.intervals.map((i) => [
      i.from.slice(11, 19),
      i.to.slice(11, 19),
      i.holders.map((h) => h.courierId).join('+'),
    ]);
    expect(holders).toEqual([
      ['13:00:00', '13:30:00', ''],
      ['13:30:00', '13:45:00', 'c-123'],
      ['13:45:00', '14:02:00', 'c-123+c-456'],
      ['14:02:00', '15:30:00', 'c-456'],
      ['15:30:00', '16:00:00', ''],
    ]);
    expect(body.overlaps).toEqual([
      {
        from: at('13:45:00'),
        to: at('14:02:00'),
        deliveryIds: [a.deliveryId, b.deliveryId],
      },
    ]);
    expect(body.gaps).toHaveLength(2);
  });

  it('shows the customer their own car with their own plate; another customer’s car is not found', async () => {
    const own = await custody(a.vehicleId, RANGE, 'customer');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ view: 'owner', vehicle: { plate: 'ABC 123' } });
    const stranger = await custody(a.vehicleId, RANGE, 'customer', 'cust-stranger');
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('VEHICLE.NOT_FOUND');
    expect((await custody('v-unknown', RANGE)).status).toBe(404);
  });

  it.each([
    ['no range', ''],
    ['to before from', `?from=${at('16:00:00')}&to=${at('13:00:00')}`],
    ['more than 31 days', `?from=2026-10-01T00:00:00Z&to=2026-11-25T00:00:00Z`],
    ['no moment', '?from=yesterday&to=today'],
  ])('refuses %s with 400', async (_case, query) => {
    const res = await custody(a.vehicleId, query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.INVALID');
  });
});
