import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ngeohash from 'ngeohash';

import { verifyLedger } from '../src/integrity/verify-ledger.js';
import type { Journey } from './support/journey.js';
import { pngPhoto } from './support/photos.js';
import { type PersonalValues, plaintextIn, privateDelivery } from './support/private-delivery.js';
import { approveCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Entry {
  type: string;
  data: Record<string, unknown> & { photo?: Record<string, unknown> };
  line: string;
}
interface TimelineBody {
  view: string;
  caseId: string | null;
  vehicle: { plate: unknown } | null;
  entries: Entry[];
}

const entry = (body: TimelineBody, type: string) => body.entries.find((e) => e.type === type)!;

describe('personal data: sealed in the ledger, shown by role', () => {
  let t: TestApp;
  let a: { journey: Journey; values: PersonalValues };
  let b: { journey: Journey; values: PersonalValues };
  const bearer = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const timeline = async (
    deliveryId: string,
    role: Parameters<TestApp['token']>[0],
    sub?: string,
    query = '',
  ) => t.http.get(`/v1/deliveries/${deliveryId}/timeline${query}`).set(await bearer(role, sub));
  const accessLog = async (customerId: string) =>
    (
      await t.http
        .get(`/v1/subjects/${customerId}/access-log`)
        .set(await bearer('customer', customerId))
    ).body as {
      entries: { viewer: { id: string }; caseId: string; fields: string[]; subject: string }[];
    };

  beforeAll(async () => {
    t = await startTestApp();
    a = await privateDelivery(t, 1);
    b = await privateDelivery(t, 2);
    await t.settle();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps no personal value in clear in the ledger, and the hash chains still verify', async () => {
    const [row] = await t.database.dataSource.query<{ text: string }[]>(
      `SELECT string_agg(canonical, E'\\n') AS text FROM ledger.events`,
    );
    const text = row!.text;
    expect(plaintextIn(text, a.values)).toEqual([]);
    expect(plaintextIn(text, b.values)).toEqual([]);
    expect(text).toContain('"$enc":"aes-256-gcm"');
    const report = await verifyLedger(t.database.store);
    expect(report.firstDivergence).toBeNull();
  });

  it("shows the customer their own plate, precise positions, the courier's first name and the photo", async () => {
    const res = await timeline(a.journey.deliveryId, 'customer', a.journey.customerId);
    expect(res.status).toBe(200);
    const body = res.body as TimelineBody;
    expect(body.view).toBe('owner');
    expect(body.vehicle?.plate).toBe(a.values.plate);
    const location = entry(body, 'VehicleLocationDeclared').data;
    expect(location.description).toBe(a.values.description);
    expect(String((location.position as { lat: number }).lat)).toBe(a.values.coordinates[0]);
    expect(entry(body, 'CourierApproaching').data.courierName).toBe('Alexandra');
    expect(entry(body, 'UnlockCommandResult').data.raw).toEqual({
      $personal: 'withheld',
      kind: 'vendor-payload',
    });
    const photo = entry(body, 'PackagePlaced').data.photo!;
    expect(photo.ref).toEqual({
      $personal: 'photo',
      href: `/v1/deliveries/${a.journey.deliveryId}/packages/p-1/photo`,
    });
    const image = await t.http
      .get((photo.ref as { href: string }).href)
      .set(await bearer('customer', a.journey.customerId));
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(image.body as Buffer, pngPhoto(a.journey.deliveryId))).toBe(0);
    expect(plaintextIn(JSON.stringify(body), b.values).filter((v) => v !== b.values.vin)).toEqual(
      [],
    );
  });

  it("answers another customer's delivery and photo as not found", async () => {
    const other = await timeline(b.journey.deliveryId, 'customer', a.journey.customerId);
    expect(other.status).toBe(404);
    const photo = await t.http
      .get(`/v1/deliveries/${b.journey.deliveryId}/packages/p-1/photo`)
      .set(await bearer('customer', a.journey.customerId));
    expect(photo.status).toBe(404);
  });

  it('shows an investigator without a case geohash 7, a plate token and the photo digest only', async () => {
    const res = await timeline(a.journey.deliveryId, 'investigator', 'inv-1');
    const body = res.body as TimelineBody;
    expect(body.view).toBe('pseudonymised');
    expect(plaintextIn(JSON.stringify(body), a.values)).toEqual([]);
    const position = entry(body, 'VehicleLocationDeclared').data.position as { geohash: string };
    const [lat, lon] = [Number(a.values.coordinates[0]), 18.0696253];
    expect(position).toEqual({
      $personal: 'geohash',
      geohash: ngeohash.encode(lat, lon, 7),
      precision: 7,
    });
    const plate = body.vehicle?.plate as { token: string };
    expect(plate.token).toMatch(/^tk_/);
    const again = (await timeline(a.journey.deliveryId, 'investigator', 'inv-2'))
      .body as TimelineBody;
    expect((again.vehicle?.plate as { token: string }).token).toBe(plate.token);
    const photo = entry(body, 'PackagePlaced').data.photo!;
    expect(photo.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(photo.ref).toEqual({ $personal: 'withheld', kind: 'photo' });
    expect(entry(body, 'CourierApproaching').data.courierName).toEqual({
      $personal: 'withheld',
      kind: 'person-name',
    });
    const image = await t.http
      .get(`/v1/deliveries/${a.journey.deliveryId}/packages/p-1/photo`)
      .set(await bearer('investigator', 'inv-1'));
    expect(image.status).toBe(403);
    expect(image.body).toMatchObject({ error: { code: 'ACCESS.CASE_REQUIRED' } });
  });

  it('shows compliance geohash 5 and keyed-hash tokens of its own purpose, couriers included', async () => {
    const body = (await timeline(a.journey.deliveryId, 'compliance', 'comp-1'))
      .body as TimelineBody;
    expect(body.view).toBe('compliance');
    const text = JSON.stringify(body);
    expect(plaintextIn(text, a.values)).toEqual([]);
    expect(text).not.toContain('"c-1"');
    expect(body.entries.some((e) => e.line.includes('c-1 '))).toBe(false);
    const position = entry(body, 'VehicleLocationDeclared').data.position as { geohash: string };
    expect(position.geohash).toHaveLength(5);
    const investigator = (await timeline(a.journey.deliveryId, 'investigator'))
      .body as TimelineBody;
    expect((body.vehicle?.plate as { token: string }).token).not.toBe(
      (investigator.vehicle?.plate as { token: string }).token,
    );
    expect(entry(body, 'AccessGranted').data.courierId).toMatch(/^tk_/);
  });

  it('reveals precise data under an open case, recording each reveal before answering', async () => {
    const investigator = await bearer('investigator', 'inv-1');
    const opened = await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-1', deliveryIds: [a.journey.deliveryId], reason: 'missing package' });
    expect(opened.status).toBe(201);
    expect(opened.body.case).toMatchObject({
      status: 'pending',
      customerIds: [a.journey.customerId],
    });
    expect(opened.body.events.map((e: { type: string }) => e.type)).toEqual([
      'LegalHoldPlaced',
      'CaseOpened',
    ]);
    const approved = await approveCase(t, 'case-1');
    // Approved at the moment of its opening: the holds already run to that term.
    expect(approved.body.events.map((e: { type: string }) => e.type)).toEqual(['CaseApproved']);

    const res = await timeline(a.journey.deliveryId, 'investigator', 'inv-1', '?caseId=case-1');
    expect(res.status).toBe(200);
    const body = res.body as TimelineBody;
    expect(body).toMatchObject({ view: 'case', caseId: 'case-1' });
    expect(body.vehicle?.plate).toBe(a.values.plate);
    expect(entry(body, 'VehicleLocationDeclared').data.description).toBe(a.values.description);
    expect(entry(body, 'UnlockCommandResult').data.raw).toMatchObject({
      data: { vin: a.values.vin },
    });
    // The courier stays an id under a case too.
    expect(JSON.stringify(body)).not.toContain(a.values.courierName);

    const log = await accessLog(a.journey.customerId);
    expect(log.entries).toEqual([
      expect.objectContaining({
        viewer: { id: 'inv-1', role: 'investigator' },
        caseId: 'case-1',
        fields: ['gps', 'place-description', 'plate', 'vendor-payload'],
        subject: `delivery:${a.journey.deliveryId}`,
      }),
    ]);

    const photo = await t.http
      .get(`/v1/deliveries/${a.journey.deliveryId}/packages/p-1/photo?caseId=case-1`)
      .set(investigator);
    expect(photo.status).toBe(200);
    expect((await accessLog(a.journey.customerId)).entries.at(-1)).toMatchObject({
      fields: ['photo'],
      subject: `photo:${a.journey.deliveryId}/p-1`,
    });
    expect((await accessLog(b.journey.customerId)).entries).toEqual([]);
  });

  it('refuses precise data under a case that is not yours, does not cover the delivery, or is closed', async () => {
    const notCovered = await timeline(
      b.journey.deliveryId,
      'investigator',
      'inv-1',
      '?caseId=case-1',
    );
    expect(notCovered.status).toBe(403);
    expect(notCovered.body).toMatchObject({ error: { code: 'CASE.DOES_NOT_COVER' } });
    const notYours = await timeline(
      a.journey.deliveryId,
      'investigator',
      'inv-2',
      '?caseId=case-1',
    );
    expect(notYours.body).toMatchObject({ error: { code: 'CASE.NOT_YOURS' } });
    const unknown = await timeline(a.journey.deliveryId, 'investigator', 'inv-1', '?caseId=case-x');
    expect(unknown.status).toBe(404);
    const byCustomer = await timeline(
      a.journey.deliveryId,
      'customer',
      a.journey.customerId,
      '?caseId=case-1',
    );
    expect(byCustomer.status).toBe(403);
    for (const res of [notCovered, notYours, unknown, byCustomer])
      expect(plaintextIn(JSON.stringify(res.body), a.values)).toEqual([]);

    const closed = await t.http
      .post('/v1/cases/case-1/close')
      .set(await bearer('investigator', 'inv-1'))
      .send({ resolution: 'package found' });
    expect(closed.status).toBe(200);
    expect(closed.body.events.map((e: { type: string }) => e.type)).toEqual([
      'CaseClosed',
      'LegalHoldReleased',
    ]);
    const after = await timeline(a.journey.deliveryId, 'investigator', 'inv-1', '?caseId=case-1');
    expect(after.status).toBe(403);
    expect(after.body).toMatchObject({ error: { code: 'CASE.CLOSED' } });
  });

  it('returns no precise data when the reveal cannot be recorded', async () => {
    const investigator = await bearer('investigator', 'inv-3');
    await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-3', deliveryIds: [b.journey.deliveryId], reason: 'dispute' })
      .expect(201);
    await approveCase(t, 'case-3');
    const before = (await accessLog(b.journey.customerId)).entries.length;
    // The ledger refuses appends to access logs: the reveal cannot be recorded.
    await t.database.dataSource.query(`
      CREATE FUNCTION ledger.test_refuse_access_log() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.stream_id LIKE 'data-access-%' THEN RAISE EXCEPTION 'access log unavailable'; END IF;
        RETURN NEW;
      END $$`);
    await t.database.dataSource.query(`
      CREATE TRIGGER test_refuse_access_log BEFORE INSERT ON ledger.events
        FOR EACH ROW EXECUTE FUNCTION ledger.test_refuse_access_log()`);
    try {
      const res = await timeline(b.journey.deliveryId, 'investigator', 'inv-3', '?caseId=case-3');
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(plaintextIn(JSON.stringify(res.body), b.values)).toEqual([]);
      const photo = await t.http
        .get(`/v1/deliveries/${b.journey.deliveryId}/packages/p-1/photo?caseId=case-3`)
        .set(investigator);
      expect(photo.status).toBeGreaterThanOrEqual(500);
      expect(photo.headers['content-type']).toMatch(/json/);
    } finally {
      await t.database.dataSource.query(`DROP TRIGGER test_refuse_access_log ON ledger.events`);
      await t.database.dataSource.query(`DROP FUNCTION ledger.test_refuse_access_log()`);
    }
    expect((await accessLog(b.journey.customerId)).entries).toHaveLength(before);
  });

  it('refuses a case over deliveries that do not exist, storing nothing', async () => {
    const investigator = await bearer('investigator', 'inv-1');
    const head = await t.database.store.headPosition();
    const res = await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-9', deliveryIds: [a.journey.deliveryId, 'd-nope'], reason: 'typo' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      error: { code: 'CASE.UNKNOWN_DELIVERIES', details: { deliveryIds: ['d-nope'] } },
    });
    expect(await t.database.store.headPosition()).toBe(head);
    expect((await t.http.get('/v1/cases/case-9').set(investigator)).status).toBe(404);

    const byCustomer = await t.http
      .post('/v1/cases')
      .set(await bearer('customer', a.journey.customerId))
      .send({ caseId: 'case-8', deliveryIds: [a.journey.deliveryId], reason: 'curious' });
    expect(byCustomer.status).toBe(403);
    const retaken = await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-1', deliveryIds: [b.journey.deliveryId], reason: 'other' });
    expect(retaken.status).toBe(409);
    const retried = await t.http
      .post('/v1/cases')
      .set(await bearer('investigator', 'inv-3'))
      .send({ caseId: 'case-3', deliveryIds: [b.journey.deliveryId], reason: 'dispute' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ changed: false, case: { status: 'approved' } });
  });

  it('leaves linking to the delivery service: a customer links no car, not even their own', async () => {
    const car = (vehicleId: string, customerId: string) => ({
      vehicleId,
      customerId,
      plate: 'ZZ 999',
      make: 'Tesla',
      model: 'Y',
      colour: 'red',
    });
    const byCustomer = await t.http
      .post('/v1/vehicles')
      .set(await bearer('customer', 'cust-z'))
      .send(car('v-z', 'cust-z'));
    expect(byCustomer.status).toBe(403);
    expect(byCustomer.body).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
    const own = await t.http
      .post('/v1/vehicles')
      .set(await bearer('delivery-service', 'ds'))
      .send(car('v-z', 'cust-z'));
    expect(own.status).toBe(200);
    const again = await t.http
      .post('/v1/vehicles')
      .set(await bearer('delivery-service', 'ds'))
      .send(car('v-z', 'cust-z'));
    expect(again.body).toMatchObject({ changed: false });
    const taken = await t.http
      .post('/v1/vehicles')
      .set(await bearer('delivery-service', 'ds'))
      .send({ ...car('v-z', 'cust-y'), plate: 'YY 1' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ error: { code: 'VEHICLE.LINKED_ELSEWHERE' } });
  });
});
