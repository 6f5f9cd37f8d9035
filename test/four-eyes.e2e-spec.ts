import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { subjectStreamId } from '../src/domain/subject/subject.events.js';
import { approveCase } from './support/cases.js';
import { plaintextIn, privateDelivery } from './support/private-delivery.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Role = Parameters<TestApp['token']>[0];

const DAY = 86_400_000;

/**
 * Four eyes on precise data: a case reveals nothing until a second person approves it, lives for its
 * term, and holds its customers' data only as long as it lives; compliance's explicit hold has an end.
 */
describe('four-eyes case access', () => {
  let t: TestApp;
  const bearer = async (role: Role, sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const daysAfter = (instant: string, days: number) =>
    new Date(Date.parse(instant) + days * DAY).toISOString();
  const openCase = async (caseId: string, deliveryIds: string[], investigatorId = 'inv-1') =>
    t.http
      .post('/v1/cases')
      .set(await bearer('investigator', investigatorId))
      .send({ caseId, deliveryIds, reason: 'customer reports a missing package' });
  const approve = async (caseId: string, role: Role, sub: string) =>
    t.http
      .post(`/v1/cases/${caseId}/approve`)
      .set(await bearer(role, sub))
      .send({ reason: 'ticket checked: the case is justified' });
  const timeline = async (deliveryId: string, caseId: string, investigatorId = 'inv-1') =>
    t.http
      .get(`/v1/deliveries/${deliveryId}/timeline?caseId=${caseId}`)
      .set(await bearer('investigator', investigatorId));
  const erase = async (customerId: string) =>
    t.http
      .post(`/v1/subjects/${customerId}/erasure`)
      .set(await bearer('customer', customerId))
      .send({});
  /** Runs a refused request and checks the ledger did not move. */
  const refusedUnchanged = async (
    request: () => Promise<{ status: number; body: unknown }>,
    status: number,
    code: string,
  ) => {
    const head = await t.database.store.headPosition();
    const res = await request();
    expect({ status: res.status, body: res.body }).toMatchObject({
      status,
      body: { error: { code } },
    });
    expect(await t.database.store.headPosition()).toBe(head);
    return res;
  };

  beforeAll(async () => {
    // At most two deliveries per case unless compliance approves.
    t = await startTestApp({ casePolicy: { ttlDays: 30, maxDeliveries: 2 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reveals nothing under a pending case, then precise data once another investigator approved it', async () => {
    const { journey, values } = await privateDelivery(t, 1);
    const opened = await openCase('case-fe1', [journey.deliveryId]);
    expect(opened.status).toBe(201);
    expect(opened.body.case).toMatchObject({ status: 'pending', approvals: [] });

    const pending = await refusedUnchanged(
      () => timeline(journey.deliveryId, 'case-fe1'),
      403,
      'CASE.NOT_APPROVED',
    );
    expect(plaintextIn(JSON.stringify(pending.body), values)).toEqual([]);
    const investigator = await bearer('investigator', 'inv-1');
    await refusedUnchanged(
      () =>
        t.http
          .get(`/v1/deliveries/${journey.deliveryId}/packages/p-1/photo?caseId=case-fe1`)
          .set(investigator),
      403,
      'CASE.NOT_APPROVED',
    );
    await refusedUnchanged(
      () =>
        t.http.get(`/v1/deliveries/${journey.deliveryId}/proof?caseId=case-fe1`).set(investigator),
      403,
      'CASE.NOT_APPROVED',
    );
    await refusedUnchanged(
      () => t.http.get('/v1/cases/case-fe1/evidence').set(investigator),
      403,
      'CASE.NOT_APPROVED',
    );

    // A supervisor sees it waiting.
    await t.settle();
    const waiting = await t.http.get('/v1/cases').set(await bearer('supervisor', 'sup-1'));
    expect(waiting.status).toBe(200);
    expect(waiting.body.cases).toContainEqual(
      expect.objectContaining({ caseId: 'case-fe1', status: 'pending', investigatorId: 'inv-1' }),
    );

    const approved = await approve('case-fe1', 'investigator', 'inv-2');
    expect(approved.status).toBe(200);
    expect(approved.body.case).toMatchObject({
      status: 'approved',
      approvals: [
        {
          approvedBy: 'inv-2',
          role: 'investigator',
          reason: 'ticket checked: the case is justified',
        },
      ],
    });
    const revealed = await timeline(journey.deliveryId, 'case-fe1');
    expect(revealed.status).toBe(200);
    expect(revealed.body.vehicle.plate).toBe(values.plate);
    const photo = await t.http
      .get(`/v1/deliveries/${journey.deliveryId}/packages/p-1/photo?caseId=case-fe1`)
      .set(investigator);
    expect(photo.status).toBe(200);

    await t.settle();
    const stillWaiting = await t.http.get('/v1/cases').set(await bearer('supervisor', 'sup-1'));
    expect(stillWaiting.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(
      'case-fe1',
    );
    const approvedList = await t.http
      .get('/v1/cases?status=approved')
      .set(await bearer('supervisor', 'sup-1'));
    expect(approvedList.body.cases).toContainEqual(
      expect.objectContaining({ caseId: 'case-fe1', approvals: 1, lastApprovedBy: 'inv-2' }),
    );
  });

  it('never lets the opener approve their own case', async () => {
    const { journey } = await privateDelivery(t, 2);
    expect((await openCase('case-fe2', [journey.deliveryId])).status).toBe(201);
    await refusedUnchanged(
      () => approve('case-fe2', 'investigator', 'inv-1'),
      403,
      'CASE.SELF_APPROVAL',
    );
    await refusedUnchanged(
      () => timeline(journey.deliveryId, 'case-fe2'),
      403,
      'CASE.NOT_APPROVED',
    );
    await refusedUnchanged(
      () => approve('case-nope', 'supervisor', 'sup-1'),
      404,
      'CASE.NOT_FOUND',
    );
    await refusedUnchanged(
      async () =>
        t.http
          .post('/v1/cases/case-fe2/approve')
          .set(await bearer('supervisor', 'sup-1'))
          .send({}),
      400,
      'REQUEST.INVALID',
    );
  });

  it('expires after its term: reveals refused, approval refused, and its hold no longer blocks erasure', async () => {
    const { journey } = await privateDelivery(t, 3);
    const openedAt = t.clock.now();
    expect((await openCase('case-fe3', [journey.deliveryId])).status).toBe(201);
    await refusedUnchanged(() => erase(journey.customerId), 409, 'SUBJECT.LEGAL_HOLD');

    // Approved on day 10 by a supervisor, again on day 35 by another investigator: it lives to day 65.
    t.clock.set(daysAfter(openedAt, 10));
    await approveCase(t, 'case-fe3', { role: 'supervisor', id: 'sup-1' });
    t.clock.set(daysAfter(openedAt, 35));
    expect((await timeline(journey.deliveryId, 'case-fe3')).status).toBe(200);
    await approveCase(t, 'case-fe3', { role: 'investigator', id: 'inv-2' });
    await refusedUnchanged(() => erase(journey.customerId), 409, 'SUBJECT.LEGAL_HOLD');
    t.clock.set(daysAfter(openedAt, 64));
    expect((await timeline(journey.deliveryId, 'case-fe3')).status).toBe(200);

    t.clock.set(daysAfter(openedAt, 65));
    await refusedUnchanged(() => timeline(journey.deliveryId, 'case-fe3'), 403, 'CASE.EXPIRED');
    await refusedUnchanged(() => approve('case-fe3', 'supervisor', 'sup-1'), 409, 'CASE.EXPIRED');
    const view = await t.http.get('/v1/cases/case-fe3').set(await bearer('supervisor', 'sup-1'));
    expect(view.body).toMatchObject({ status: 'expired', expiresAt: daysAfter(openedAt, 65) });

    // Nothing was written when it expired, yet its hold ended with it.
    const erased = await erase(journey.customerId);
    expect(erased.status).toBe(200);
    expect(erased.body.events.map((e: { type: string }) => e.type)).toEqual(['SubjectErased']);
  });

  it('lets a pending case lapse after its term, and with it its hold', async () => {
    const { journey } = await privateDelivery(t, 4);
    const openedAt = t.clock.now();
    expect((await openCase('case-fe4', [journey.deliveryId])).status).toBe(201);
    t.clock.set(daysAfter(openedAt, 30));
    await refusedUnchanged(() => approve('case-fe4', 'supervisor', 'sup-1'), 409, 'CASE.EXPIRED');
    expect((await erase(journey.customerId)).status).toBe(200);
  });

  it('refuses the approval of a closed case (409), and its hold ended when it closed', async () => {
    const { journey } = await privateDelivery(t, 5);
    expect((await openCase('case-fe5', [journey.deliveryId])).status).toBe(201);
    await t.http
      .post('/v1/cases/case-fe5/close')
      .set(await bearer('investigator', 'inv-1'))
      .send({ resolution: 'opened by mistake' })
      .expect(200);
    await refusedUnchanged(() => approve('case-fe5', 'supervisor', 'sup-1'), 409, 'CASE.CLOSED');
    expect((await erase(journey.customerId)).status).toBe(200);
  });

  it('leaves a case over KEYTRAIL_CASE_MAX_DELIVERIES to compliance to approve', async () => {
    const deliveries = [
      await privateDelivery(t, 6),
      await privateDelivery(t, 7),
      await privateDelivery(t, 8),
    ];
    const ids = deliveries.map((d) => d.journey.deliveryId);
    expect((await openCase('case-fe6', ids)).status).toBe(201);
    const refused = await refusedUnchanged(
      () => approve('case-fe6', 'supervisor', 'sup-1'),
      403,
      'CASE.NEEDS_COMPLIANCE',
    );
    expect(refused.body).toMatchObject({ error: { details: { deliveries: 3, maxDeliveries: 2 } } });
    await refusedUnchanged(
      () => approve('case-fe6', 'investigator', 'inv-2'),
      403,
      'CASE.NEEDS_COMPLIANCE',
    );
    await refusedUnchanged(() => timeline(ids[0]!, 'case-fe6'), 403, 'CASE.NOT_APPROVED');

    const approved = await approve('case-fe6', 'compliance', 'comp-1');
    expect(approved.status).toBe(200);
    const revealed = await timeline(ids[2]!, 'case-fe6');
    expect(revealed.status).toBe(200);
    expect(revealed.body.vehicle.plate).toBe(deliveries[2]!.values.plate);
  });

  it("keeps compliance's explicit hold until its end, after the case that held the data closed", async () => {
    const { journey } = await privateDelivery(t, 9);
    const now = t.clock.now();
    const until = daysAfter(now, 90);
    const compliance = await bearer('compliance', 'comp-1');
    const hold = (customerId: string, body: object) =>
      t.http.post(`/v1/subjects/${customerId}/legal-holds`).set(compliance).send(body);

    await refusedUnchanged(
      () => hold('cust-nobody', { reason: 'litigation L-7', until }),
      404,
      'SUBJECT.NOT_FOUND',
    );
    await refusedUnchanged(
      () => hold(journey.customerId, { reason: 'litigation L-7', until: daysAfter(now, -1) }),
      422,
      'SUBJECT.HOLD_END_PASSED',
    );
    await refusedUnchanged(
      () => hold(journey.customerId, { reason: 'litigation L-7', until: 'next spring' }),
      400,
      'REQUEST.INVALID',
    );
    await refusedUnchanged(
      async () =>
        t.http
          .post(`/v1/subjects/${journey.customerId}/legal-holds`)
          .set(await bearer('investigator', 'inv-1'))
          .send({ reason: 'litigation L-7', until }),
      403,
      'AUTH.FORBIDDEN',
    );

    const placed = await hold(journey.customerId, { reason: 'litigation L-7', until });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({
      changed: true,
      holds: [{ caseId: null, until, reason: 'litigation L-7', placedBy: 'comp-1' }],
    });
    const again = await hold(journey.customerId, { reason: 'litigation L-7', until });
    expect(again.status).toBe(200);
    expect(again.body.changed).toBe(false);

    expect((await openCase('case-fe9', [journey.deliveryId])).status).toBe(201);
    await t.http
      .post('/v1/cases/case-fe9/close')
      .set(await bearer('investigator', 'inv-1'))
      .send({ resolution: 'settled' })
      .expect(200);
    const held = await refusedUnchanged(() => erase(journey.customerId), 409, 'SUBJECT.LEGAL_HOLD');
    expect(held.body).toMatchObject({
      error: { details: { caseIds: [], holds: [{ caseId: null, until }] } },
    });
    t.clock.set(daysAfter(now, 89));
    await refusedUnchanged(() => erase(journey.customerId), 409, 'SUBJECT.LEGAL_HOLD');

    t.clock.set(until);
    const erased = await erase(journey.customerId);
    expect(erased.status).toBe(200);
    const subject = await t.database.store.readStream(subjectStreamId(journey.customerId));
    expect(subject.map((e) => e.type)).toEqual([
      'LegalHoldPlaced',
      'LegalHoldPlaced',
      'LegalHoldReleased',
      'SubjectErased',
    ]);
  });
});
