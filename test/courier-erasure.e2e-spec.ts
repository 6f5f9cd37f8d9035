import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  courierAccessStreamId,
  courierSubjectStreamId,
} from '../src/domain/courier/courier.events.js';
import { verifyLedger } from '../src/integrity/verify-ledger.js';
import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import { at, Journey } from './support/journey.js';
import { plaintextIn, privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { approveCase } from './support/cases.js';

interface Entry {
  type: string;
  data: Record<string, unknown>;
}

const ERASED = (kind: string) => ({ $personal: 'erased', kind });

describe('couriers as data subjects: their own keys, their own erasure, their own access log', () => {
  let t: TestApp;
  let verifierKey: string;
  const bearer = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const eraseCourier = async (
    courierId: string,
    role: Parameters<TestApp['token']>[0] = 'compliance',
  ) =>
    t.http
      .post(`/v1/couriers/${encodeURIComponent(courierId)}/erasure`)
      .set(await bearer(role, `${role}-1`))
      .send({});
  const eraseCustomer = async (customerId: string) =>
    t.http
      .post(`/v1/subjects/${customerId}/erasure`)
      .set(await bearer('customer', customerId))
      .send({});
  const timeline = async (journey: Journey, role: 'customer' | 'investigator', caseId?: string) => {
    const query = caseId ? `?caseId=${caseId}` : '';
    const res = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline${query}`)
      .set(await bearer(role, role === 'customer' ? journey.customerId : 'inv-1'));
    expect(res.status).toBe(200);
    return res.body as { entries: Entry[]; vehicle: { plate: unknown } | null };
  };
  const entry = (entries: Entry[], type: string) => entries.find((e) => e.type === type)!.data;
  const proof = async (deliveryId: string) => {
    const res = await t.http
      .get(`/v1/deliveries/${deliveryId}/proof`)
      .set(await bearer('investigator', 'inv-1'));
    expect(res.status).toBe(200);
    return res.body as ProofBundle;
  };
  /** Keys as stored, of one kind of subject: what the other kind's erasure must not touch. */
  const keysOf = (kind: 'customer' | 'courier') =>
    t.database.dataSource.query(
      `SELECT scope, customer_id, kek_id, encode(wrapped, 'hex') AS wrapped, destroyed_at
         FROM privacy.data_keys WHERE subject_kind = $1 ORDER BY scope`,
      [kind],
    );
  const openCase = async (caseId: string, deliveryIds: string[]) => {
    await t.http
      .post('/v1/cases')
      .set(await bearer('investigator', 'inv-1'))
      .send({ caseId, deliveryIds, reason: 'dispute' })
      .expect(201);
    await approveCase(t, caseId);
  };
  const closeCase = async (caseId: string) =>
    t.http
      .post(`/v1/cases/${caseId}/close`)
      .set(await bearer('investigator', 'inv-1'))
      .send({ resolution: 'settled' })
      .expect(200);

  beforeAll(async () => {
    // No key cache: every read unwraps the stored key, so a destroyed one shows at once.
    t = await startTestApp({ dataKeyCacheTtlMs: 0 });
    verifierKey = (await t.http.get('/v1/checkpoints/keys')).body.verifierKeys[0];
  });
  afterAll(async () => {
    await t?.close();
  });

  it("seals the courier's name and position under the courier's own key, one per delivery", async () => {
    const { journey } = await privateDelivery(t, 1);
    const courierKeys = await t.database.dataSource.query<{ scope: string; customer_id: string }[]>(
      `SELECT scope, customer_id FROM privacy.data_keys WHERE subject_kind = 'courier'
        AND customer_id = 'c-1'`,
    );
    expect(courierKeys).toEqual([
      {
        scope: `courier/3:c-1/${journey.deliveryId.length}:${journey.deliveryId}`,
        customer_id: 'c-1',
      },
    ]);
    const stored = await t.database.store.readStream(`delivery-${journey.deliveryId}`);
    const sealedWith = (type: string, field: string) =>
      (stored.find((e) => e.type === type)!.data as Record<string, { key: string }>)[field]!.key;
    expect(sealedWith('UnlockRequested', 'courierPosition')).toBe(courierKeys[0]!.scope);
    expect(sealedWith('CourierApproaching', 'courierName')).toBe(courierKeys[0]!.scope);
    // The car's place and the drop's geotag are the customer's: under the delivery's key.
    expect(sealedWith('VehicleLocationDeclared', 'position')).toBe(
      `delivery:${journey.deliveryId}`,
    );
    const placed = stored.find((e) => e.type === 'PackagePlaced')!.data as {
      photo: { geotag: { key: string } };
    };
    expect(placed.photo.geotag.key).toBe(`delivery:${journey.deliveryId}`);
  });

  it("leaves the courier's data when the customer is erased, and proofs still verify", async () => {
    const { journey, values } = await privateDelivery(t, 2);
    await t.settle();
    const before = await proof(journey.deliveryId);
    const courierKeys = await keysOf('courier');

    expect((await eraseCustomer(journey.customerId)).status).toBe(200);
    expect(await keysOf('courier')).toEqual(courierKeys);

    const own = await timeline(journey, 'customer');
    expect(entry(own.entries, 'VehicleLocationDeclared')).toMatchObject({
      position: ERASED('gps'),
    });
    // The courier's first name, and where they stood, are still theirs to keep.
    expect(entry(own.entries, 'CourierApproaching').courierName).toBe('Alexandra');
    expect(entry(own.entries, 'UnlockRequested').courierPosition).toEqual({
      lat: Number(values.coordinates[2]),
      lon: expect.any(Number),
    });

    const after = await proof(journey.deliveryId);
    expect(verifyBundle(after, verifierKey)).toMatchObject({ ok: true });
    expect(after.events.map((e) => e.canonical)).toEqual(before.events.map((e) => e.canonical));
  });

  it("erases a courier's name and positions and leaves the customer's data; proofs still verify", async () => {
    const { journey, values } = await privateDelivery(t, 3);
    await t.settle();
    const before = await proof(journey.deliveryId);
    const customerKeys = await keysOf('customer');
    const ownBefore = await timeline(journey, 'customer');

    const erased = await eraseCourier('c-3');
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      courierId: 'c-3',
      changed: true,
      keysDestroyed: 1,
      destroyed: [{ kind: 'courier', courierId: 'c-3', deliveryId: journey.deliveryId }],
      keysByKind: { courier: 1 },
    });
    expect(erased.body.events.map((e: { type: string }) => e.type)).toEqual(['CourierErased']);
    expect(await keysOf('customer')).toEqual(customerKeys);

    // The customer sees all of their own data as before; the courier's shows as erased.
    const own = await timeline(journey, 'customer');
    const withoutCourier = (entries: Entry[]) =>
      entries.filter((e) => !['CourierApproaching', 'UnlockRequested'].includes(e.type));
    expect(withoutCourier(own.entries)).toEqual(withoutCourier(ownBefore.entries));
    expect(own.vehicle?.plate).toBe(values.plate);
    expect(entry(own.entries, 'CourierApproaching')).toMatchObject({
      courierId: 'c-3',
      courierName: ERASED('person-name'),
    });
    expect(entry(own.entries, 'UnlockRequested').courierPosition).toEqual(ERASED('gps'));
    expect(JSON.stringify(own)).toContain(values.description);

    // Under a case, the courier's position is gone too; nothing of theirs is revealed or recorded.
    await openCase('case-c3', [journey.deliveryId]);
    const underCase = await timeline(journey, 'investigator', 'case-c3');
    expect(entry(underCase.entries, 'UnlockRequested').courierPosition).toEqual(ERASED('gps'));
    expect(plaintextIn(JSON.stringify(underCase), values)).not.toContain(values.coordinates[2]);
    expect(await t.database.store.readStream(courierAccessStreamId('c-3'))).toEqual([]);
    await closeCase('case-c3');

    const after = await proof(journey.deliveryId);
    expect(verifyBundle(after, verifierKey)).toMatchObject({ ok: true });
    expect(after.events.map((e) => e.canonical)).toEqual(before.events.map((e) => e.canonical));
    expect((await verifyLedger(t.database.store)).firstDivergence).toBeNull();
    const subject = await t.database.store.readStream(courierSubjectStreamId('c-3'));
    expect(subject.map((e) => [e.type, e.data])).toEqual([
      ['CourierErased', { courierId: 'c-3', reason: 'request', requestedBy: 'compliance-1' }],
    ]);

    // Asked again: nothing left to shred, nothing recorded.
    const again = await eraseCourier('c-3');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      changed: false,
      keysDestroyed: 0,
      destroyed: [],
      keysByKind: { courier: 0 },
      events: [],
    });
    expect(await t.database.store.readStream(courierSubjectStreamId('c-3'))).toHaveLength(1);
  });

  it('keeps a courier and a customer who share an id apart', async () => {
    // Customer "c-4" has a delivery of their own; courier "c-4" delivers someone else's.
    const customer = new Journey(t, 'volvo', { customerId: 'c-4' });
    await customer.schedule();
    await customer.post(
      'location',
      {
        description: 'Grey Volvo at the station',
        position: { lat: 59.33, lon: 18.06 },
      },
      'customer',
    );
    const courierOf = await privateDelivery(t, 4);
    await t.settle();
    const customerKeys = await keysOf('customer');

    const erased = await eraseCourier('c-4');
    expect(erased.status).toBe(200);
    expect(erased.body.destroyed).toEqual([
      { kind: 'courier', courierId: 'c-4', deliveryId: courierOf.journey.deliveryId },
    ]);
    expect(await keysOf('customer')).toEqual(customerKeys);
    const stillThere = await timeline(customer, 'customer');
    expect(JSON.stringify(stillThere)).toContain('Grey Volvo at the station');
  });

  it("records an investigator's reveal of a courier's position in the courier's access log", async () => {
    const { journey, values } = await privateDelivery(t, 5);
    await openCase('case-c5', [journey.deliveryId]);
    const underCase = await timeline(journey, 'investigator', 'case-c5');
    expect(JSON.stringify(underCase)).toContain(values.coordinates[2]);
    // The investigator sees the courier's id, never their name.
    expect(entry(underCase.entries, 'CourierApproaching')).toMatchObject({
      courierId: 'c-5',
      courierName: { $personal: 'withheld', kind: 'person-name' },
    });
    const log = await t.database.store.readStream(courierAccessStreamId('c-5'));
    expect(log.map((e) => [e.type, e.data])).toEqual([
      [
        'CourierDataViewed',
        {
          courierId: 'c-5',
          viewerId: 'inv-1',
          role: 'investigator',
          caseId: 'case-c5',
          purpose: 'case-investigation',
          fields: ['gps'],
          subject: `delivery:${journey.deliveryId}`,
          deliveryId: journey.deliveryId,
        },
      ],
    ]);

    // Without a case, nothing precise is shown and nothing is recorded.
    const pseudonymised = await timeline(journey, 'investigator');
    expect(entry(pseudonymised.entries, 'UnlockRequested').courierPosition).toMatchObject({
      $personal: 'geohash',
      precision: 7,
    });
    expect(await t.database.store.readStream(courierAccessStreamId('c-5'))).toHaveLength(1);

    // The case holds the customer's data, and with it the courier's on that delivery.
    const held = await eraseCourier('c-5');
    expect(held.status).toBe(409);
    expect(held.body).toMatchObject({
      error: {
        code: 'SUBJECT.LEGAL_HOLD',
        details: { courierId: 'c-5', caseIds: ['case-c5'], deliveryIds: [journey.deliveryId] },
      },
    });
    expect(await t.database.store.readStream(courierSubjectStreamId('c-5'))).toEqual([]);
    await closeCase('case-c5');
    expect((await eraseCourier('c-5')).status).toBe(200);

    // Compliance sees couriers by token only: in the data, and in the courier streams' names.
    const exported = await t.http
      .get('/v1/exports/compliance?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z')
      .set(await bearer('compliance', 'comp-1'))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(exported.status).toBe(200);
    const courierLines = (exported.body as string)
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { streamId?: string; data?: { courierId?: string } })
      .filter((line) => line.streamId?.startsWith('courier-'));
    expect(courierLines.length).toBeGreaterThanOrEqual(2);
    for (const line of courierLines) {
      expect(line.streamId).toMatch(/^courier-(subject|access)-tk_/);
      expect(line.data?.courierId).toMatch(/^tk_/);
    }
  });

  it('shows the courier column by role: first name, courier id, keyed-hash token', async () => {
    const { journey, values } = await privateDelivery(t, 6);
    const own = await timeline(journey, 'customer');
    expect(entry(own.entries, 'CourierApproaching').courierName).toBe('Alexandra');
    const investigator = await timeline(journey, 'investigator');
    expect(entry(investigator.entries, 'CourierApproaching').courierId).toBe('c-6');
    const compliance = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('compliance', 'comp-1'));
    const approaching = entry(compliance.body.entries as Entry[], 'CourierApproaching');
    expect(approaching.courierId).toEqual(expect.any(String));
    expect(approaching.courierId).not.toBe('c-6');
    expect(JSON.stringify(compliance.body)).not.toContain(values.courierName);
  });

  it('refuses an unknown courier, a courier with a delivery under way, and every role but compliance', async () => {
    const unknown = await eraseCourier('c-nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      error: { code: 'COURIER.NOT_FOUND', details: { courierId: 'c-nobody' } },
    });

    const j = new Journey(t);
    await j.schedule();
    await j.post('approaching', {
      courierId: 'c-busy',
      eta: at('14:00:00'),
      courierName: 'Sam Busy',
    });
    const busy = await eraseCourier('c-busy');
    expect(busy.status).toBe(409);
    expect(busy.body).toMatchObject({
      error: { code: 'COURIER.OPEN_DELIVERIES', details: { deliveryIds: [j.deliveryId] } },
    });
    expect(await t.database.store.readStream(courierSubjectStreamId('c-busy'))).toEqual([]);

    for (const role of ['customer', 'investigator', 'delivery-service', 'admin'] as const) {
      const res = await eraseCourier('c-busy', role);
      expect({ role, status: res.status, code: res.body.error?.code }).toEqual({
        role,
        status: 403,
        code: 'AUTH.FORBIDDEN',
      });
    }
    expect(await t.database.store.readStream(courierSubjectStreamId('c-busy'))).toEqual([]);
  });
});
