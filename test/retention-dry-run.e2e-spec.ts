import { readdir } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { deliveryKeyScope } from '../src/privacy/data-key.js';
import { privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Shred {
  customerId: string;
  deliveryIds: string[];
  keyScopes: string[];
  keysDestroyed: number;
  courierKeysDestroyed: number;
  photosDeleted: number;
}

describe('retention dry run: what a run would shred, changing nothing', () => {
  let t: TestApp;
  const compliance = async () => ({
    authorization: `Bearer ${await t.token('compliance', 'comp-1')}`,
  });
  /** Everything a run may change: the events, the data keys, the photos. */
  const snapshot = async () => ({
    events: (
      await t.database.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM ledger.events',
      )
    )[0]!.n,
    keys: await t.database.dataSource.query(
      'SELECT scope, customer_id, subject_kind, wrapped, destroyed_at FROM privacy.data_keys ORDER BY scope',
    ),
    photos: (await readdir(t.privacy.blobDir, { recursive: true }))
      .filter((name) => /[0-9a-f]{64}$/.test(name))
      .sort(),
  });

  beforeAll(async () => {
    t = await startTestApp({ retentionDays: 30, dataKeyCacheTtlMs: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports the subjects, keys and photos a run would shred; the real run then shreds exactly those', async () => {
    const first = await privateDelivery(t, 1);
    const second = await privateDelivery(t, 2);
    const held = await privateDelivery(t, 3);
    await t.settle();
    await t.http
      .post('/v1/cases')
      .set({ authorization: `Bearer ${await t.token('investigator', 'inv-1')}` })
      .send({ caseId: 'case-dry', deliveryIds: [held.journey.deliveryId], reason: 'dispute' })
      .expect(201);
    t.clock.set('2026-12-26T12:00:00.000Z');

    const before = await snapshot();
    const dry = await t.http
      .post('/v1/retention/run?dryRun=true')
      .set(await compliance())
      .send({});
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      retentionDays: 30,
      closedBefore: '2026-11-26T12:00:00.000Z',
    });
    for (const { journey } of [first, second]) {
      expect(dry.body.shredded).toContainEqual({
        customerId: journey.customerId,
        deliveryIds: [journey.deliveryId],
        keyScopes: [deliveryKeyScope(journey.deliveryId)],
        keysDestroyed: 1,
        courierKeysDestroyed: 1,
        photosDeleted: 1,
      });
    }
    const shredded = dry.body.shredded as Shred[];
    expect(dry.body.totals).toEqual({
      customers: shredded.length,
      deliveries: shredded.reduce((n, s) => n + s.deliveryIds.length, 0),
      keys: shredded.reduce((n, s) => n + s.keysDestroyed, 0),
      courierKeys: shredded.reduce((n, s) => n + s.courierKeysDestroyed, 0),
      photos: shredded.reduce((n, s) => n + s.photosDeleted, 0),
      heldBackCustomers: dry.body.heldBack.length,
    });
    // Nothing changed: not an event, not a key, not a photo; the data still opens.
    expect(await snapshot()).toEqual(before);
    const stillThere = await t.http
      .get(`/v1/deliveries/${first.journey.deliveryId}/timeline`)
      .set({ authorization: `Bearer ${await t.token('customer', first.journey.customerId)}` });
    expect(JSON.stringify(stillThere.body)).toContain(first.values.description);
    // Asking again answers the same.
    const again = await t.http
      .post('/v1/retention/run?dryRun=true')
      .set(await compliance())
      .send({});
    expect(again.body.shredded).toEqual(dry.body.shredded);

    const real = await t.http
      .post('/v1/retention/run')
      .set(await compliance())
      .send({});
    expect(real.status).toBe(200);
    expect(real.body.dryRun).toBe(false);
    expect(real.body.shredded).toEqual(dry.body.shredded);
    expect(real.body.heldBack).toEqual(dry.body.heldBack);
    expect(real.body.totals).toEqual(dry.body.totals);
    const after = await snapshot();
    const destroyedOf = (kind: string) =>
      (after.keys as { scope: string; subject_kind: string; wrapped: Buffer | null }[])
        .filter((k) => k.wrapped === null && k.subject_kind === kind)
        .map((k) => k.scope)
        .sort();
    expect(destroyedOf('customer')).toEqual(shredded.flatMap((s) => s.keyScopes).sort());
    // The couriers' keys of those deliveries go with them (their names and positions there).
    expect(destroyedOf('courier')).toHaveLength(dry.body.totals.courierKeys);
    expect(before.photos.length - after.photos.length).toBe(dry.body.totals.photos);
    // One PersonalDataShredded per shredded customer, nothing else.
    expect(after.events - before.events).toBe(shredded.length);
  });

  it('refuses a dryRun that is not true or false, changing nothing', async () => {
    const before = await snapshot();
    const res = await t.http
      .post('/v1/retention/run?dryRun=maybe')
      .set(await compliance())
      .send({});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.INVALID');
    expect(await snapshot()).toEqual(before);
  });
});
