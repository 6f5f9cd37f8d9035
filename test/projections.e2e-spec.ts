import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, FAR_AWAY, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

describe('read side: timeline, release, search, anomalies, asOf, watchdog', () => {
  let t: TestApp;
  let done: Journey;
  let investigator: string;

  /** The Volvo happy path, up to completion. */
  async function completedJourney(j: Journey) {
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:04'));
    await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    await j.closure('opened', '14:00:41');
    await j.dropPackage('14:01:10');
    await j.closure('closed', '14:01:30');
    await j.requestLock('14:01:40');
    t.clock.set(at('14:01:50'));
    await j.oem('doors', volvoDoors(at('14:01:48')));
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    investigator = `Bearer ${await t.token('investigator')}`;
    done = new Journey(t);
    await completedJourney(done);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the proof timeline from the projection, with plain lines and the state after each step', async () => {
    const timeline = await done.timeline();
    expect(timeline).toMatchObject({
      phase: 'completed',
      released: true,
      computedFrom: 'read-model',
    });
    const lines = timeline.entries.map((e) => (e as unknown as { line: string }).line);
    expect(lines).toContain('Trunk opened by courier c-123 at 14:00:41, 37 s after unlock');
    expect(lines).toContain('Trunk closed at 14:01:30, open 49 s');
    expect(lines.find((l) => l.startsWith('Lock confirmed by Volvo at 14:01:48'))).toBe(
      'Lock confirmed by Volvo at 14:01:48, observed in a status read of the car, 8 s after the lock request; the car stood unlocked 1 min 44 s; the courier may leave',
    );
    const opened = timeline.entries.find((e) => e.type === 'ClosureOpened') as unknown as {
      stateAfter: object;
      hash: string;
    };
    expect(opened.stateAfter).toEqual({
      phase: 'open',
      grantActive: true,
      vehicle: 'unlocked',
      openClosures: ['trunk'],
      courierReleased: false,
    });
    expect(opened.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((timeline.entries.at(-1) as unknown as { stateAfter: object }).stateAfter).toMatchObject(
      { phase: 'completed', vehicle: 'locked', courierReleased: true },
    );
  });

  it('answers release from the read model right after the command that changes it (read your writes)', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    await j.unlock('14:00:00');
    await j.requestLock('14:01:00');
    expect((await j.get('release', 'delivery-service')).body.released).toBe(false);
    t.clock.set(at('14:01:10'));
    await j.oem('doors', volvoDoors(at('14:01:05')));
    expect((await j.get('release', 'delivery-service')).body.released).toBe(true);
    await j.closure('opened', '14:01:20');
    expect((await j.get('release', 'delivery-service')).body.released).toBe(false);
  });

  describe('asOf', () => {
    it('shows the timeline as the ledger knew it at a position or a moment, computed from the events', async () => {
      t.clock.set(at('16:00:00'));
      const full = await done.timeline();
      const cut = full.entries[4]!.globalPosition;
      const byPosition = await done.get(`timeline?asOf=${cut}`);
      expect(byPosition.status).toBe(200);
      expect(byPosition.body).toMatchObject({
        computedFrom: 'ledger',
        phase: 'open',
        released: false,
      });
      expect(
        byPosition.body.entries.map((e: { globalPosition: number }) => e.globalPosition),
      ).toEqual(full.entries.slice(0, 5).map((e) => e.globalPosition));
      const recordedAt = (full.entries[6] as unknown as { recordedAt: string }).recordedAt;
      const byTime = await done.get(`timeline?asOf=${encodeURIComponent(recordedAt)}`);
      expect(byTime.body).toMatchObject({ computedFrom: 'ledger' });
      expect(byTime.body.entries.at(-1).recordedAt <= recordedAt).toBe(true);
      expect(byTime.body.entries.length).toBeGreaterThanOrEqual(7);
    });

    it('refuses an asOf in the future, beyond the ledger, or malformed', async () => {
      t.clock.set(at('16:00:00'));
      expect((await done.get('timeline?asOf=2026-11-25T17:00:00Z')).status).toBe(400);
      expect((await done.get('timeline?asOf=99999999')).status).toBe(400);
      expect((await done.get('timeline?asOf=yesterday')).body.error.code).toBe('REQUEST.INVALID');
    });
  });

  describe('search', () => {
    let others: Journey[];
    beforeAll(async () => {
      others = [];
      for (let i = 0; i < 5; i += 1) {
        const j = new Journey(t, i % 2 ? 'tesla' : 'gm');
        await j.schedule();
        others.push(j);
      }
      const denied = new Journey(t);
      await denied.schedule();
      await denied.grant();
      expect((await denied.unlock('14:00:00', { courierPosition: FAR_AWAY })).status).toBe(422);
      others.push(denied);
      await t.settle();
    });

    const search = async (query: string, authorization = investigator) =>
      (await t.http.get(`/v1/deliveries?${query}`).set('authorization', authorization)).body;

    it('filters by customer, vehicle, courier, status, period and anomaly', async () => {
      expect((await search(`customerId=${done.customerId}`)).items).toEqual([
        expect.objectContaining({
          deliveryId: done.deliveryId,
          status: 'completed',
          vendor: 'volvo',
          courierId: 'c-123',
          released: true,
          unlockedSeconds: 104,
        }),
      ]);
      const completed = (await search('status=completed&limit=200')).items.map(
        (s: { deliveryId: string }) => s.deliveryId,
      );
      expect(completed).toContain(done.deliveryId);
      expect(completed).not.toContain(others[0]!.deliveryId);
      const byCourier = (await search('courierId=c-123&limit=200')).items.map(
        (s: { deliveryId: string }) => s.deliveryId,
      );
      expect(byCourier).toEqual(
        expect.arrayContaining([done.deliveryId, others.at(-1)!.deliveryId]),
      );
      const flagged = (await search('anomaly=unlock_outside_geofence')).items.map(
        (s: { deliveryId: string }) => s.deliveryId,
      );
      expect(flagged).toEqual([others.at(-1)!.deliveryId]);
      expect((await search('from=2026-11-26T00:00:00Z')).items).toEqual([]);
      expect((await search('vehicleId=v-1&to=2026-11-25T13:00:00Z')).items).toEqual([]);
    });

    it('pages with a cursor in a stable order', async () => {
      const all = (await search('limit=200')).items.map(
        (s: { deliveryId: string }) => s.deliveryId,
      );
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { deliveryId: string }[]; nextCursor: string | null } = await search(
          `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        paged.push(...page.items.map((s) => s.deliveryId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
      expect(new Set(paged).size).toBe(paged.length);
      expect(
        (await t.http.get('/v1/deliveries?cursor=bm9wZQ').set('authorization', investigator))
          .status,
      ).toBe(400);
    });

    it('shows a customer only their own deliveries, whatever they ask for', async () => {
      const customer = `Bearer ${await t.token('customer', done.customerId)}`;
      const mine = await search(`customerId=${others[0]!.customerId}`, customer);
      expect(mine.items.map((s: { deliveryId: string }) => s.deliveryId)).toEqual([
        done.deliveryId,
      ]);
    });
  });

  describe('anomalies', () => {
    it('lists anomalies most severe first, with rule, reason and evidence', async () => {
      const j = new Journey(t);
      await j.schedule();
      await j.grant({ singleUse: false });
      await j.unlock('14:00:00');
      await j.unlock('14:00:30', { commandId: 'cmd-unlock-2' });
      await t.settle();
      const res = await t.http
        .get(`/v1/anomalies?deliveryId=${j.deliveryId}`)
        .set('authorization', investigator);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          code: 'nonce_replayed',
          severity: 'high',
          deliveryId: j.deliveryId,
          rule: 'An unlock request carried a nonce seen before: a replayed request',
          evidence: expect.arrayContaining([expect.any(Number)]),
        }),
      ]);
      const customer = `Bearer ${await t.token('customer', j.customerId)}`;
      expect((await t.http.get('/v1/anomalies').set('authorization', customer)).status).toBe(403);
    });
  });

  describe('the watchdog', () => {
    it('records GrantExpired when the grant’s window passes', async () => {
      const j = new Journey(t);
      await j.schedule();
      await j.grant();
      await t.settle();
      t.clock.set(at('15:00:01'));
      await waitFor(async () => (await j.eventTypes()).includes('GrantExpired'));
    });

    it('records LockConfirmationOverdue 120 s after the last closing, and flags lock_not_confirmed', async () => {
      const j = new Journey(t);
      await j.schedule();
      await j.grant();
      await j.unlock('14:00:00');
      await j.closure('opened', '14:00:30');
      await j.closure('closed', '14:01:00');
      await t.settle();
      t.clock.set(at('14:03:01'));
      await waitFor(async () => (await j.eventTypes()).includes('LockConfirmationOverdue'));
      await t.settle();
      const anomalies = await t.http
        .get(`/v1/anomalies?deliveryId=${j.deliveryId}&code=lock_not_confirmed`)
        .set('authorization', investigator);
      expect(anomalies.body.items).toHaveLength(1);
    });
  });

  it('reads events stored in an older schema version, through the projections and the decider', async () => {
    const deliveryId = 'd-old-schema';
    const context = {
      occurredAt: at('14:00:00'),
      actor: { id: 'delivery-system', role: 'delivery-service' as const },
      source: 'api',
      correlationId: 'c-old',
      causationId: 'c-old',
    };
    const event = (type: string, schemaVersion: number, data: object) => ({
      eventId: randomUUID(),
      type,
      schemaVersion,
      data,
      context,
    });
    t.clock.set(at('14:05:00'));
    await t.database.store.append({
      streamId: `delivery-${deliveryId}`,
      expectedRevision: 'no_stream',
      events: [
        event('DeliveryScheduled', 1, {
          deliveryId,
          orderId: 'o',
          customerId: 'cust-old',
          vehicleId: 'v',
          vendor: 'volvo',
          window: { from: at('13:00:00'), to: at('17:00:00') },
          target: 'trunk',
        }),
        event('CourierApproaching', 1, { courierId: 'c-9', eta: at('14:10:00') }),
        event('LockRequested', 1, { commandId: 'cmd-lock-old' }),
      ],
    });
    const old = new Journey(t);
    const timeline = await t.http
      .get(`/v1/deliveries/${deliveryId}/timeline`)
      .set('authorization', investigator);
    expect(timeline.status).toBe(200);
    expect(timeline.body.entries.map((e: { line: string }) => e.line).slice(1)).toEqual([
      'Courier c-9 on the way, expected at 14:10:00',
      'Lock requested at 14:05:00 (command cmd-lock-old)',
    ]);
    t.clock.set(at('14:05:10'));
    const doors = await old.post(
      `/v1/oem/volvo/${deliveryId}/doors`,
      volvoDoors(at('14:05:05')),
      'oem-connector',
    );
    expect(doors.body).toMatchObject({ lockConfirmed: true });
  });

  it('reports the projections in /health and /metrics', async () => {
    await t.settle();
    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    expect(
      health.body.info.projections.projections.map((p: { projection: string }) => p.projection),
    ).toEqual([
      'delivery-timeline',
      'delivery-summary',
      'anomalies',
      'watchdog-deadlines',
      'pending-lock-requests',
      'vehicle-custody',
      'case-summaries',
      'merkle-tree',
    ]);
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(
      /keytrail_projection_lag_events\{projection="delivery-timeline"\} \d+/,
    );
    expect(metrics.text).toMatch(/keytrail_projection_parked_events\{projection="anomalies"\} 0/);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
