import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import { AT_THE_CAR, Journey } from './support/journey.js';
import { plaintextIn, privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { keytrail } from './support/witness-process.js';
import { approveCase } from './support/cases.js';

interface Entry {
  type: string;
  data: Record<string, unknown>;
}
interface ExportedDelivery extends ProofBundle {
  shownTimeline: { deliveryId: string; view: string; vehicle: unknown; entries: Entry[] };
}
interface SubjectExport {
  format: string;
  customerId: string;
  view: 'owner' | 'compliance';
  exportedBy: { id: string; role: string };
  verifierKeys: string[];
  subject: {
    erased: { at: string; reason: string } | null;
    legalHolds: { caseId: string; placedAt: string; releasedAt: string | null }[];
  };
  vehicles: { vehicleId: string; events: Entry[] }[];
  cases: Record<string, unknown>[];
  deliveries: ExportedDelivery[];
  accessLog: {
    viewer: { id: string; role: string };
    purpose: string;
    fields: string[];
    subject: string;
    caseId: string | null;
  }[];
  complete: boolean;
}

const ERASED = (kind: string) => ({ $personal: 'erased', kind });

describe('subject access export: everything about one customer, in one download', () => {
  let t: TestApp;
  let key: string;
  let a: Awaited<ReturnType<typeof privateDelivery>>;
  let second: Journey;
  let b: Awaited<ReturnType<typeof privateDelivery>>;
  const bearer = async (role: 'customer' | 'compliance' | 'investigator', sub: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const exportOf = async (
    customerId: string,
    role: 'customer' | 'compliance' = 'customer',
    sub = customerId,
  ) => t.http.get(`/v1/subjects/${customerId}/export`).set(await bearer(role, sub));
  const accessLog = async (customerId: string) =>
    (
      await t.http
        .get(`/v1/subjects/${customerId}/access-log`)
        .set(await bearer('compliance', 'comp-1'))
    ).body.entries as SubjectExport['accessLog'];

  beforeAll(async () => {
    t = await startTestApp();
    a = await privateDelivery(t, 1);
    // A second delivery of the same customer to the same car: only scheduled, its place declared.
    second = new Journey(t, 'volvo', {
      customerId: a.journey.customerId,
      vehicleId: a.journey.vehicleId,
    });
    await second.schedule();
    expect(
      (
        await second.post(
          'location',
          { description: 'Street parking, outside no. 9', position: AT_THE_CAR },
          'customer',
        )
      ).status,
    ).toBe(200);
    b = await privateDelivery(t, 2);
    // An investigation of the first delivery, with one reveal under it.
    const investigator = await bearer('investigator', 'inv-1');
    await t.http
      .post('/v1/cases')
      .set(investigator)
      .send({
        caseId: 'case-x',
        deliveryIds: [a.journey.deliveryId, b.journey.deliveryId],
        reason: 'Suspected false claim by the recipient',
      })
      .expect(201);
    await approveCase(t, 'case-x');
    await t.http
      .get(`/v1/deliveries/${a.journey.deliveryId}/timeline?caseId=case-x`)
      .set(investigator)
      .expect(200);
    await t.settle();
    key = (await t.http.get('/v1/checkpoints/keys')).body.verifierKeys[0] as string;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives the customer one JSON attachment whose deliveries are exactly their timelines, personal data in clear', async () => {
    const res = await exportOf(a.journey.customerId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // Streamed as it is written, not built whole in memory first.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="keytrail-subject-${a.journey.customerId}.json"`,
    );
    const document = res.body as SubjectExport;
    expect(document).toMatchObject({
      format: 'keytrail-subject-export/1',
      customerId: a.journey.customerId,
      view: 'owner',
      exportedBy: { id: a.journey.customerId, role: 'customer' },
      complete: true,
    });
    expect(document.deliveries.map((d) => d.deliveryId).sort()).toEqual(
      [a.journey.deliveryId, second.deliveryId].sort(),
    );
    for (const delivery of document.deliveries) {
      const timeline = await t.http
        .get(`/v1/deliveries/${delivery.deliveryId}/timeline`)
        .set(await bearer('customer', a.journey.customerId));
      expect(timeline.status).toBe(200);
      expect(delivery.shownTimeline.entries).toEqual(timeline.body.entries);
      expect(delivery.shownTimeline.vehicle).toEqual(timeline.body.vehicle);
      expect(delivery.view).toBe('owner');
      expect(delivery.timeline.map((e) => e.eventId)).toEqual(
        timeline.body.entries.map((e: { eventId: string }) => e.eventId),
      );
    }
    // Their own data in clear, nobody else's.
    const text = JSON.stringify(document);
    expect(plaintextIn(text, a.values).sort()).toEqual(
      [a.values.plate, a.values.description, a.values.vin, ...a.values.coordinates]
        .filter((v) => v !== a.values.vin)
        .sort(),
    );
    expect(text).toContain('Street parking, outside no. 9');
    expect(plaintextIn(text, b.values).filter((v) => v !== b.values.vin)).toEqual([]);
    expect(text).not.toContain(b.journey.deliveryId);

    expect(document.vehicles).toEqual([
      expect.objectContaining({
        vehicleId: a.journey.vehicleId,
        events: [
          expect.objectContaining({
            type: 'VehicleLinked',
            data: expect.objectContaining({ plate: a.values.plate, make: 'Volvo' }),
          }),
        ],
      }),
    ]);
    // The case that covered their delivery: status and dates, not the investigator's reason nor
    // the other customer's delivery.
    expect(document.cases).toEqual([
      {
        caseId: 'case-x',
        status: 'approved',
        openedAt: expect.any(String),
        closedAt: null,
        deliveryIds: [a.journey.deliveryId],
        evidenceExportedAt: [],
      },
    ]);
    expect(document.subject.legalHolds).toEqual([
      { caseId: 'case-x', placedAt: expect.any(String), releasedAt: null },
    ]);
    // The access log: the investigator's reveal, and this export itself.
    expect(document.accessLog).toEqual([
      expect.objectContaining({ viewer: { id: 'inv-1', role: 'investigator' }, caseId: 'case-x' }),
      expect.objectContaining({
        viewer: { id: a.journey.customerId, role: 'customer' },
        purpose: 'subject-access-export',
        subject: `export:${a.journey.customerId}`,
        caseId: null,
        fields: ['gps', 'person-name', 'photo', 'place-description', 'plate'],
      }),
    ]);
  });

  it('carries proof bundles that the offline verifier checks, one by one and as a whole file', async () => {
    const document = (await exportOf(a.journey.customerId)).body as SubjectExport;
    expect(document.verifierKeys[0]).toBe(key);
    for (const delivery of document.deliveries) {
      expect(verifyBundle(delivery, key)).toMatchObject({ ok: true, failures: [] });
    }
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'keytrail-subject-')), 'export.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = keytrail(['verify', file, '--key', key]);
    expect({ status: cli.status, stderr: cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(cli.stdout.match(/VERIFIED/g)).toHaveLength(document.deliveries.length);
  });

  it('shows compliance pseudonyms, never the values in clear, with the case as compliance sees it', async () => {
    const res = await exportOf(a.journey.customerId, 'compliance', 'comp-1');
    expect(res.status).toBe(200);
    const document = res.body as SubjectExport;
    expect(document.view).toBe('compliance');
    expect(plaintextIn(JSON.stringify(document), a.values)).toEqual([]);
    const plate = document.vehicles[0]!.events[0]!.data.plate as {
      $personal: string;
      token: string;
    };
    expect(plate).toEqual({ $personal: 'token', token: expect.stringMatching(/^tk_/) });
    const declared = document.deliveries
      .find((d) => d.deliveryId === a.journey.deliveryId)!
      .shownTimeline.entries.find((e) => e.type === 'VehicleLocationDeclared')!;
    expect(declared.data.position).toMatchObject({ $personal: 'geohash', precision: 5 });
    expect(document.cases[0]).toMatchObject({
      caseId: 'case-x',
      investigatorId: 'inv-1',
      reason: 'Suspected false claim by the recipient',
      deliveriesCovered: 2,
    });
    // No proof bundles: their canonical bytes name the courier, whom compliance sees as a token.
    for (const delivery of document.deliveries) {
      expect(Object.keys(delivery).sort()).toEqual(['deliveryId', 'shownTimeline']);
      expect(delivery.shownTimeline.view).toBe('compliance');
    }
    expect(JSON.stringify(document)).not.toMatch(/\bc-1\b/);
    // Recorded too, with nothing shown in clear.
    expect((await accessLog(a.journey.customerId)).at(-1)).toMatchObject({
      viewer: { id: 'comp-1', role: 'compliance' },
      purpose: 'subject-access-export',
      fields: [],
    });
  });

  it("refuses another customer's export and an unknown subject, storing nothing", async () => {
    const head = await t.database.store.headPosition();
    const other = await exportOf(a.journey.customerId, 'customer', b.journey.customerId);
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'ACCESS.NOT_YOURS' } });
    // The same answer whether or not the other subject exists.
    const otherUnknown = await exportOf('cust-nobody', 'customer', b.journey.customerId);
    expect(otherUnknown.status).toBe(403);

    for (const [role, sub] of [
      ['compliance', 'comp-1'],
      ['customer', 'cust-nobody'],
    ] as const) {
      const unknown = await exportOf('cust-nobody', role, sub);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: { code: 'SUBJECT.NOT_FOUND' } });
    }
    const investigator = await t.http
      .get(`/v1/subjects/${a.journey.customerId}/export`)
      .set(await bearer('investigator', 'inv-1'));
    expect(investigator.status).toBe(403);
    expect(await t.database.store.headPosition()).toBe(head);
  });

  it('still answers for an erased customer, saying what was erased, its proofs still verifying', async () => {
    const c = await privateDelivery(t, 3);
    const erased = await t.http
      .post(`/v1/subjects/${c.journey.customerId}/erasure`)
      .set(await bearer('customer', c.journey.customerId))
      .send({});
    expect(erased.status).toBe(200);
    await t.settle();
    const res = await exportOf(c.journey.customerId);
    expect(res.status).toBe(200);
    const document = res.body as SubjectExport;
    expect(document.subject.erased).toEqual({ at: expect.any(String), reason: 'request' });
    // The courier's position at the unlock is the courier's data, sealed under their key: it stays.
    expect(plaintextIn(JSON.stringify(document), c.values)).toEqual([c.values.coordinates[2]]);
    expect(document.vehicles[0]!.events[0]!.data.plate).toEqual(ERASED('plate'));
    const [delivery] = document.deliveries;
    const declared = delivery!.shownTimeline.entries.find(
      (e) => e.type === 'VehicleLocationDeclared',
    )!;
    expect(declared.data).toMatchObject({
      description: ERASED('place-description'),
      position: ERASED('gps'),
    });
    expect(verifyBundle(delivery!, key)).toMatchObject({ ok: true, failures: [] });
  });
});
