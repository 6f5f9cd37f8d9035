import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { CAR, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The ledger's size: a refusal must leave it as it was. */
const eventCount = async (t: TestApp): Promise<number> =>
  (
    await t.database.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM ledger.events',
    )
  )[0]!.n;

describe('vehicle links: the delivery service links, a customer reaches only cars linked to them', () => {
  let t: TestApp;
  let mine: Journey;
  let theirs: Journey;
  const customer = async (sub: string) => ({
    authorization: `Bearer ${await t.token('customer', sub)}`,
  });
  const car = (vehicleId: string, customerId: string) => ({
    vehicleId,
    customerId,
    plate: 'LNK 100',
    make: 'Volvo',
    model: 'XC40',
    colour: 'blue',
  });

  beforeAll(async () => {
    t = await startTestApp();
    mine = new Journey(t);
    theirs = new Journey(t);
    await mine.schedule();
    await theirs.schedule();
    await mine.linkVehicle('MNE 001');
    await theirs.linkVehicle('THR 002');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a customer linking any car, their own id or a free one, storing nothing', async () => {
    const before = await eventCount(t);
    for (const body of [
      car('v-free-1', mine.customerId),
      car(theirs.vehicleId, mine.customerId),
      car(mine.vehicleId, mine.customerId),
    ]) {
      const res = await t.http
        .post('/v1/vehicles')
        .set(await customer(mine.customerId))
        .send(body);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('AUTH.FORBIDDEN');
    }
    expect(await eventCount(t)).toBe(before);
    // The free id stays free for the delivery service to link.
    const linked = await mine.post('/v1/vehicles', car('v-free-1', mine.customerId));
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ changed: true });
  });

  it('answers a customer the same 404 for a car that is someone else’s and one that does not exist', async () => {
    const before = await eventCount(t);
    const unlink = async (vehicleId: string) =>
      t.http
        .post(`/v1/vehicles/${vehicleId}/unlink`)
        .set(await customer(mine.customerId))
        .send({ reason: 'sold' });
    const someoneElses = await unlink(theirs.vehicleId);
    const nobodys = await unlink('v-never-linked');
    expect(someoneElses.status).toBe(404);
    expect(nobodys.status).toBe(404);
    expect(someoneElses.body.error.code).toBe('VEHICLE.NOT_FOUND');
    // Byte for byte the same answer, but for the id itself.
    const withoutId = (text: string, id: string) => text.split(id).join('<id>');
    expect(withoutId(someoneElses.text, theirs.vehicleId)).toBe(
      withoutId(nobodys.text, 'v-never-linked'),
    );
    expect(someoneElses.headers['content-type']).toBe(nobodys.headers['content-type']);
    expect(await eventCount(t)).toBe(before);
  });

  it('lets a customer unlink their own car, and the car is then as unknown to them as any other', async () => {
    const own = await t.http
      .post(`/v1/vehicles/${mine.vehicleId}/unlink`)
      .set(await customer(mine.customerId))
      .send({ reason: 'sold' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ changed: true, events: [{ type: 'VehicleUnlinked' }] });
    const again = await t.http
      .post(`/v1/vehicles/${mine.vehicleId}/unlink`)
      .set(await customer(mine.customerId))
      .send({ reason: 'sold' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('VEHICLE.NOT_FOUND');
  });

  it('lets a customer declare the location only of their own delivery’s car', async () => {
    const before = await eventCount(t);
    const foreign = await t.http
      .post(`/v1/deliveries/${theirs.deliveryId}/location`)
      .set(await customer(mine.customerId))
      .send({ description: 'Street 1', position: CAR });
    expect(foreign.status).toBe(404);
    expect(await eventCount(t)).toBe(before);
    const own = await mine.post('location', { description: 'Street 1', position: CAR }, 'customer');
    expect(own.status).toBe(200);
  });

  it('still tells the delivery service a car is linked to another customer (409)', async () => {
    const before = await eventCount(t);
    const taken = await mine.post('/v1/vehicles', car(theirs.vehicleId, mine.customerId));
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('VEHICLE.LINKED_ELSEWHERE');
    expect(await eventCount(t)).toBe(before);
  });
});
