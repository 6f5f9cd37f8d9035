import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createProjections } from '../projections/delivery-projections.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { subjectStreamId } from '../src/domain/subject/subject.events.js';
import { verifyLedger } from '../src/integrity/verify-ledger.js';
import { deliveryKeyScope } from '../src/privacy/data-key.js';
import { Journey } from './support/journey.js';
import { plaintextIn, privateDelivery } from './support/private-delivery.js';
import { approveCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Entry {
  type: string;
  data: Record<string, unknown> & { photo?: Record<string, unknown> };
}

const ERASED = (kind: string) => ({ $personal: 'erased', kind });

describe('erasure: crypto-shredding under legal holds, and retention', () => {
  let t: TestApp;
  const bearer = async (role: Parameters<TestApp['token']>[0], sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const erase = async (
    customerId: string,
    role: 'customer' | 'compliance' = 'customer',
    sub = customerId,
  ) =>
    t.http
      .post(`/v1/subjects/${customerId}/erasure`)
      .set(await bearer(role, sub))
      .send({});

  beforeAll(async () => {
    // No key cache: every read unwraps the stored key, so a tampered one shows at once.
    t = await startTestApp({ retentionDays: 30, dataKeyCacheTtlMs: 0 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is refused under a legal hold, then shreds every key and photo once the case closes', async () => {
    const { journey, values } = await privateDelivery(t, 1);
    const investigator = await bearer('investigator', 'inv-1');
    await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-e', deliveryIds: [journey.deliveryId], reason: 'dispute' })
      .expect(201);

    const held = await erase(journey.customerId);
    expect(held.status).toBe(409);
    expect(held.body).toMatchObject({
      error: { code: 'SUBJECT.LEGAL_HOLD', details: { caseIds: ['case-e'] } },
    });
    const stillThere = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('customer', journey.customerId));
    expect(JSON.stringify(stillThere.body)).toContain(values.description);

    await t.http
      .post('/v1/cases/case-e/close')
      .set(investigator)
      .send({ resolution: 'settled' })
      .expect(200);
    const erased = await erase(journey.customerId);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ changed: true, keysDestroyed: 2, photosDeleted: 1 });
    expect(erased.body.events.map((e: { type: string }) => e.type)).toEqual(['SubjectErased']);
    expect(
      await readdir(path.join(t.privacy.blobDir, 'photos')).then((d) =>
        d.includes(journey.deliveryId),
      ),
    ).toBe(false);

    // Nothing of the customer's decrypts any more, for the customer or under a new case; the
    // structure remains. The courier's position is the courier's data: their erasure, not this, ends it.
    const courierPosition = values.coordinates[2]!;
    const own = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('customer', journey.customerId));
    expect(own.status).toBe(200);
    expect(plaintextIn(JSON.stringify(own.body), values)).toEqual([courierPosition]);
    const entries = own.body.entries as Entry[];
    expect(entries.find((e) => e.type === 'VehicleLocationDeclared')!.data).toMatchObject({
      description: ERASED('place-description'),
      position: ERASED('gps'),
    });
    expect(entries.find((e) => e.type === 'PackagePlaced')!.data.photo).toMatchObject({
      ref: ERASED('photo'),
      geotag: ERASED('gps'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(own.body.vehicle).toMatchObject({ plate: ERASED('plate'), make: 'Volvo' });
    const photo = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/packages/p-1/photo`)
      .set(await bearer('customer', journey.customerId));
    expect(photo.status).toBe(410);

    await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({ caseId: 'case-e2', deliveryIds: [journey.deliveryId], reason: 'appeal' })
      .expect(201);
    await approveCase(t, 'case-e2');
    const underCase = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline?caseId=case-e2`)
      .set(investigator);
    expect(underCase.status).toBe(200);
    expect(plaintextIn(JSON.stringify(underCase.body), values)).toEqual([courierPosition]);
    // Nothing of the customer's was revealed, so nothing was recorded in their log.
    const log = await t.http
      .get(`/v1/subjects/${journey.customerId}/access-log`)
      .set(await bearer('compliance', 'comp-1'));
    expect(log.body.entries).toEqual([]);
    await t.http
      .post('/v1/cases/case-e2/close')
      .set(investigator)
      .send({ resolution: 'nothing left' })
      .expect(200);

    // Every hash chain still verifies; the subject stream tells what happened.
    expect((await verifyLedger(t.database.store)).firstDivergence).toBeNull();
    const subject = await t.database.store.readStream(subjectStreamId(journey.customerId));
    expect(subject.map((e) => e.type)).toEqual([
      'LegalHoldPlaced',
      'LegalHoldReleased',
      'SubjectErased',
      // case-e2's approval came at the moment of its opening: its hold already had that term.
      'LegalHoldPlaced',
      'LegalHoldReleased',
    ]);

    // Asked again: nothing left to shred, nothing recorded.
    const again = await erase(journey.customerId, 'compliance', 'comp-1');
    expect(again.body).toMatchObject({ changed: false, keysDestroyed: 0 });
  });

  it('rebuilds the projections without the erased fields, and they still answer', async () => {
    const { journey, values } = await privateDelivery(t, 2);
    await t.settle();
    expect((await erase(journey.customerId)).status).toBe(200);
    await rebuildProjections(t.database.store, t.database.dataSource, createProjections());
    const tables = await t.database.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'read'`,
    );
    for (const { table_name } of tables) {
      const rows = await t.database.dataSource.query<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM read.${table_name} t`,
      );
      expect(plaintextIn(rows.map((r) => r.row).join('\n'), values)).toEqual([]);
    }
    const timeline = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('customer', journey.customerId));
    expect(timeline.status).toBe(200);
    expect(timeline.body.phase).toBe('completed');
    // Only the courier's position (the courier's data) is left.
    expect(plaintextIn(JSON.stringify(timeline.body), values)).toEqual([values.coordinates[2]]);
  });

  it('refuses erasure of an unknown subject, of another customer, and with a delivery under way', async () => {
    const unknown = await erase('cust-nobody', 'compliance', 'comp-1');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'SUBJECT.NOT_FOUND' } });

    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    const other = await erase(j.customerId, 'customer', 'cust-someone-else');
    expect(other.status).toBe(403);
    const open = await erase(j.customerId);
    expect(open.status).toBe(409);
    expect(open.body).toMatchObject({
      error: { code: 'SUBJECT.OPEN_DELIVERIES', details: { deliveryIds: [j.deliveryId] } },
    });
    expect(await t.database.store.readStream(subjectStreamId(j.customerId))).toEqual([]);
    const log = await t.http
      .get(`/v1/subjects/${j.customerId}/access-log`)
      .set(await bearer('customer', 'cust-someone-else'));
    expect(log.status).toBe(403);
  });

  it('shreds deliveries closed longer ago than the retention period, except under a legal hold', async () => {
    const kept = await privateDelivery(t, 3);
    const held = await privateDelivery(t, 4);
    await t.settle();
    await t.http
      .post('/v1/cases')
      .set(await bearer('investigator', 'inv-1'))
      .send({ caseId: 'case-r', deliveryIds: [held.journey.deliveryId], reason: 'long dispute' })
      .expect(201);
    const compliance = await bearer('compliance', 'comp-1');

    const early = await t.http.post('/v1/retention/run').set(compliance);
    expect(early.status).toBe(200);
    expect(early.body.shredded.map((s: { customerId: string }) => s.customerId)).not.toContain(
      kept.journey.customerId,
    );

    // Approved on the 10th, the case (and its hold) lives 30 days from then: past the pending term.
    t.clock.set('2026-12-10T12:00:00.000Z');
    await approveCase(t, 'case-r');
    t.clock.set('2026-12-26T12:00:00.000Z');
    const report = await t.http.post('/v1/retention/run').set(compliance);
    expect(report.body).toMatchObject({
      retentionDays: 30,
      closedBefore: '2026-11-26T12:00:00.000Z',
    });
    expect(report.body.shredded).toContainEqual({
      customerId: kept.journey.customerId,
      deliveryIds: [kept.journey.deliveryId],
      keyScopes: [deliveryKeyScope(kept.journey.deliveryId)],
      keysDestroyed: 1,
      courierKeysDestroyed: 1,
      photosDeleted: 1,
    });
    expect(report.body.heldBack).toContainEqual({
      customerId: held.journey.customerId,
      caseIds: ['case-r'],
      deliveryIds: [held.journey.deliveryId],
    });
    const shredded = await t.http
      .get(`/v1/deliveries/${kept.journey.deliveryId}/timeline`)
      .set(await bearer('customer', kept.journey.customerId));
    expect(plaintextIn(JSON.stringify(shredded.body.entries), kept.values)).toEqual([]);
    // The car's plate is not a delivery's data: it stays until the customer's erasure.
    expect(shredded.body.vehicle.plate).toBe(kept.values.plate);
    const subject = await t.database.store.readStream(subjectStreamId(kept.journey.customerId));
    expect(subject.map((e) => e.type)).toEqual(['PersonalDataShredded']);

    const heldView = await t.http
      .get(`/v1/deliveries/${held.journey.deliveryId}/timeline`)
      .set(await bearer('customer', held.journey.customerId));
    expect(JSON.stringify(heldView.body)).toContain(held.values.description);
    const rerun = await t.http.post('/v1/retention/run').set(compliance);
    expect(rerun.body.shredded).toEqual([]);
  });

  it('fails loudly when a data key does not unwrap (tampered with, or the wrong key-encryption key)', async () => {
    const { journey } = await privateDelivery(t, 5);
    await t.database.dataSource.query(
      `UPDATE privacy.data_keys SET wrapped = set_byte(wrapped, 20, get_byte(wrapped, 20) # 1) WHERE scope = $1`,
      [deliveryKeyScope(journey.deliveryId)],
    );
    const res = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/timeline`)
      .set(await bearer('customer', journey.customerId));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { code: 'PRIVACY.UNDECRYPTABLE' } });
    expect(JSON.stringify(res.body)).not.toContain('lat');
  });
});
