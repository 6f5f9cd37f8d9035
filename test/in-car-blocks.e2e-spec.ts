import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Journey, type Schemas } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The ledger's size: a refusal that is not recorded must leave it as it was. */
const eventCount = async (t: TestApp): Promise<number> =>
  (
    await t.database.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM ledger.events',
    )
  )[0]!.n;

type Entry = Schemas['TimelineEntry'];

describe('blocks of in-car delivery: whose they are, who may lift them, what the timeline says', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = async (j: Journey): Promise<Entry[]> => {
    await t.settle();
    return (await j.timeline()).entries;
  };
  let probes = 0;
  /** Whether a new grant is refused for the block (the refusal is recorded: probes come last). */
  const blocked = async (j: Journey) => {
    probes += 1;
    const res = await j.post('grants', {
      grantId: `g-probe-${probes}`,
      courierId: 'c-123',
      notBefore: '2026-11-25T13:30:00.000Z',
      notAfter: '2026-11-25T15:00:00.000Z',
      geofence: { center: { lat: 59.3293, lon: 18.0686 }, radiusM: 50 },
      scope: 'trunk',
      singleUse: true,
      nonce: `probe-nonce-${probes}`,
    });
    return res.status === 422 && res.body.error.code === 'DELIVERY.IN_CAR_BLOCKED';
  };

  it("refuses the delivery service lifting the customer's block: 403, recorded, the block stays", async () => {
    const j = new Journey(t);
    await j.schedule();
    expect((await j.post('block', { reason: 'not today' }, 'customer')).status).toBe(200);
    const before = await eventCount(t);
    const lift = await j.post('allow', {}, 'delivery-service');
    expect(lift.status).toBe(403);
    expect(lift.body.error).toMatchObject({
      code: 'DELIVERY.BLOCK_NOT_YOURS',
      details: { recorded: [{ type: 'CommandRefused' }] },
    });
    expect(lift.body.error.message).toContain('blocked by the customer');
    // The refusal is the one event recorded; nothing else changed.
    expect(await eventCount(t)).toBe(before + 1);
    expect(await blocked(j)).toBe(true);
    const lines = await entries(j);
    const refusal = lines.find((e) => e.type === 'CommandRefused')!;
    expect(refusal.data).toMatchObject({
      command: 'AllowInCarDelivery',
      code: 'DELIVERY.BLOCK_NOT_YOURS',
    });
    expect(refusal.actor.role).toBe('delivery-service');
    // The customer lifts their own block.
    const own = await j.post('allow', {}, 'customer');
    expect(own.status).toBe(200);
    expect(own.body.events).toEqual([expect.objectContaining({ type: 'InCarDeliveryAllowed' })]);
    expect(await blocked(j)).toBe(false);
  });

  it('lets an admin lift a block only with a reason, which the lift records', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.post('block', { reason: 'away' }, 'customer');
    const before = await eventCount(t);
    for (const body of [{}, { reason: '' }]) {
      const bare = await j.post('allow', body, 'admin');
      expect(bare.status).toBe(400);
    }
    expect((await j.post('allow', {}, 'admin')).body.error.code).toBe(
      'DELIVERY.LIFT_REASON_REQUIRED',
    );
    expect(await eventCount(t)).toBe(before);
    const lift = await j.post('allow', { reason: 'customer asked by phone, ticket 4411' }, 'admin');
    expect(lift.status).toBe(200);
    expect(await eventCount(t)).toBe(before + 1);
    const allowed = (await entries(j)).find((e) => e.type === 'InCarDeliveryAllowed')!;
    expect(allowed.data).toEqual({
      customerId: j.customerId,
      liftedBy: 'admin',
      reason: 'customer asked by phone, ticket 4411',
    });
    expect(allowed.actor).toEqual({ id: 'admin-1', role: 'admin' });
    expect(allowed.line).toMatch(/^In-car delivery allowed again by an admin at /);
  });

  it('names the delivery service on its own block, which the customer may not lift and the service may', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    const block = await j.post('block', { reason: 'fraud check' }, 'delivery-service');
    expect(block.status).toBe(200);
    const denied = await j.unlock('14:00:00');
    expect(denied.status).toBe(422);
    expect(denied.body.error.details.reason).toBe('blocked');
    const byCustomer = await j.post('allow', {}, 'customer');
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body.error.code).toBe('DELIVERY.BLOCK_NOT_YOURS');
    expect(byCustomer.body.error.message).toContain('blocked by the delivery service');
    const byService = await j.post('allow', {}, 'delivery-service');
    expect(byService.status).toBe(200);
    const lines = (await entries(j)).map((e) => e.line);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^In-car delivery blocked by the delivery service at /),
        'Grant g-1 revoked: the delivery service blocked in-car delivery',
        'Unlock denied: the delivery service blocked in-car delivery',
        expect.stringMatching(/^In-car delivery allowed again by the delivery service at /),
      ]),
    );
    expect(lines.join('\n')).not.toContain('by the customer');
    const made = (await entries(j)).find((e) => e.type === 'InCarDeliveryBlocked')!;
    expect(made.data).toMatchObject({ blockedBy: 'delivery-service' });
    expect(made.actor.role).toBe('delivery-service');
  });

  it("names the customer on the customer's block, and an admin on an admin's", async () => {
    const mine = new Journey(t);
    await mine.schedule();
    await mine.post('block', { reason: 'not today' }, 'customer');
    expect((await entries(mine)).map((e) => e.line)).toContainEqual(
      expect.stringMatching(/^In-car delivery blocked by the customer at /),
    );
    const admins = new Journey(t);
    await admins.schedule();
    await admins.post('block', { reason: 'safety recall' }, 'admin');
    expect((await admins.post('allow', {}, 'customer')).status).toBe(403);
    expect((await admins.post('allow', {}, 'delivery-service')).status).toBe(403);
    expect((await entries(admins)).map((e) => e.line)).toContainEqual(
      expect.stringMatching(/^In-car delivery blocked by an admin at /),
    );
  });
});
