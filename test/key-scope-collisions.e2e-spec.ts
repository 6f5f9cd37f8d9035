import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ERASED_PLATE = { $personal: 'erased', kind: 'plate' };

/**
 * The two collisions of issue 16: vehicle key scopes were `vehicle:{vehicleId}:{customerId}` with `:`
 * allowed in both ids, so two links could share one key. Each link now has its own.
 */
describe('erasure: key scopes that cannot collide', () => {
  let t: TestApp;
  const bearer = async (role: Parameters<TestApp['token']>[0], sub: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });

  beforeAll(async () => {
    t = await startTestApp({ dataKeyCacheTtlMs: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A delivery of the customer's car, the car linked by `linkedBy`, then failed (so erasable). */
  async function closedDeliveryWithCar(
    customerId: string,
    vehicleId: string,
    plate: string,
    linkedBy: 'customer' | 'delivery-service',
  ): Promise<Journey> {
    const ids = { deliveryId: `d-${customerId}`, customerId, vehicleId };
    const journey = new Journey(t, 'volvo', ids);
    await journey.schedule();
    const linked = await journey.post(
      '/v1/vehicles',
      {
        vehicleId: ids.vehicleId,
        customerId: ids.customerId,
        plate,
        make: 'Volvo',
        model: 'XC40',
        colour: 'blue',
      },
      linkedBy,
    );
    expect(linked.body).toMatchObject({ changed: true });
    const failed = await journey.post('fail', { reason: 'no access', fallback: 'returned' });
    expect(failed.status).toBe(200);
    return journey;
  }

  const plateSeenBy = async (journey: Journey) => {
    const res = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('customer', journey.customerId));
    expect(res.status).toBe(200);
    return (res.body as { vehicle: { plate: unknown } | null }).vehicle?.plate;
  };

  /** Everything a subject is shown, and their keys as stored: what another's erasure must not touch. */
  const snapshotOf = async (journey: Journey) => ({
    timeline: (
      await t.http
        .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
        .set(await bearer('customer', journey.customerId))
    ).body as unknown,
    keys: await t.database.dataSource.query(
      `SELECT scope, customer_id, kek_id, encode(wrapped, 'hex') AS wrapped, destroyed_at
         FROM privacy.data_keys WHERE customer_id = $1 ORDER BY scope`,
      [journey.customerId],
    ),
  });

  /** Every key of every other customer, as stored. */
  const keysNotOf = (customerId: string) =>
    t.database.dataSource.query(
      `SELECT scope, customer_id, kek_id, encode(wrapped, 'hex') AS wrapped, destroyed_at
         FROM privacy.data_keys WHERE customer_id <> $1 ORDER BY scope`,
      [customerId],
    );

  /** The erasure's answer; every other customer's keys are checked to be exactly as they were. */
  const erase = async (customerId: string) => {
    const others = await keysNotOf(customerId);
    const res = await t.http
      .post(`/v1/subjects/${encodeURIComponent(customerId)}/erasure`)
      .set(await bearer('customer', customerId))
      .send({});
    expect(await keysNotOf(customerId)).toEqual(others);
    return res;
  };

  it("erasing zz (vehicle car:vv) leaves vv:zz's plate (vehicle car) and every other subject as they were", async () => {
    const zz = await closedDeliveryWithCar('zz', 'car:vv', 'ZZ 1', 'delivery-service');
    const vvzz = await closedDeliveryWithCar('vv:zz', 'car', 'VV 2', 'delivery-service');
    const bystander = await closedDeliveryWithCar('by', 'car:vv:zz', 'BY 3', 'delivery-service');
    expect(await plateSeenBy(zz)).toBe('ZZ 1');
    expect(await plateSeenBy(vvzz)).toBe('VV 2');
    const before = [await snapshotOf(vvzz), await snapshotOf(bystander)];
    expect(before[0]!.keys).toHaveLength(1);

    const erased = await erase('zz');
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      changed: true,
      keysDestroyed: 1,
      keysByKind: { delivery: 0, vehicle: 1 },
      destroyed: [{ kind: 'vehicle', vehicleId: 'car:vv', customerId: 'zz' }],
    });

    expect(await plateSeenBy(zz)).toEqual(ERASED_PLATE);
    expect(await plateSeenBy(vvzz)).toBe('VV 2');
    expect([await snapshotOf(vvzz), await snapshotOf(bystander)]).toEqual(before);
  });

  it('erasing ww:yy destroys their own key and their plate SEC 42 is no longer shown', async () => {
    // yy linked car sec:ww first: its old scope name was ww:yy's too (`vehicle:sec:ww:yy`).
    const yy = await closedDeliveryWithCar('yy', 'sec:ww', 'YY 7', 'delivery-service');
    const wwyy = await closedDeliveryWithCar('ww:yy', 'sec', 'SEC 42', 'delivery-service');
    expect(await plateSeenBy(wwyy)).toBe('SEC 42');
    const before = await snapshotOf(yy);

    const erased = await erase('ww:yy');
    expect(erased.status).toBe(200);
    expect(erased.body.keysDestroyed).toBeGreaterThan(0);
    expect(erased.body.destroyed).toEqual([
      { kind: 'vehicle', vehicleId: 'sec', customerId: 'ww:yy' },
    ]);

    expect(await plateSeenBy(wwyy)).toEqual(ERASED_PLATE);
    const compliance = await t.http
      .get(`/v1/deliveries/${wwyy.deliveryId}/timeline`)
      .set(await bearer('compliance', 'dpo-1'));
    expect(JSON.stringify(compliance.body)).not.toContain('SEC 42');
    expect(await plateSeenBy(yy)).toBe('YY 7');
    expect(await snapshotOf(yy)).toEqual(before);
  });
});
