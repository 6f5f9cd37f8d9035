import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { type DemoReport, fillDemoLedger } from '../src/demo/demo-ledger.js';
import { SITUATIONS } from '../src/demo/demo-plan.js';
import { verifyBundle } from '../src/verifier/verify-bundle.js';
import type { ProofBundle } from '../src/verifier/proof-bundle.js';
import { startTestApp, TEST_AUTH, type TestApp } from './support/test-app.js';

/** Enough deliveries for every situation and every routine, few enough for a loaded machine. */
const COUNT = 30;

interface TimelineEntry {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

describe('keytrail demo: a demo ledger filled through the API', () => {
  let t: TestApp;
  let url: string;
  let report: DemoReport;
  let ticking: NodeJS.Timeout;
  /** How far the ledger's clock runs ahead of the wall clock: moved on to let the watchdog act. */
  let aheadMs = 0;

  const as = async (role: 'investigator' | 'customer' | 'compliance', sub?: string) => ({
    authorization: `Bearer ${await t.token(role, sub)}`,
  });
  const timeline = async (deliveryId: string) => {
    const res = await t.http
      .get(`/v1/deliveries/${deliveryId}/timeline`)
      .set(await as('investigator', 'inv-check'));
    expect(res.status).toBe(200);
    return res.body as { phase: string; entries: TimelineEntry[] };
  };
  const anomalies = async (deliveryId: string) => {
    const res = await t.http
      .get(`/v1/anomalies?deliveryId=${deliveryId}&limit=100`)
      .set(await as('investigator', 'inv-check'));
    expect(res.status).toBe(200);
    return (res.body.items as { code: string }[]).map((a) => a.code);
  };
  const situation = (name: (typeof SITUATIONS)[number]) => report.situations[name];

  beforeAll(async () => {
    t = await startTestApp();
    // The ledger's clock runs with the wall clock, as a server's does (ahead once the test moves it).
    t.clock.set(new Date().toISOString());
    ticking = setInterval(() => t.clock.set(new Date(Date.now() + aheadMs).toISOString()), 20);
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    report = await fillDemoLedger({
      url,
      auth: TEST_AUTH,
      count: COUNT,
      concurrency: 8,
      overdueWaitMs: 30_000,
      // The late car's confirmation waits for the watchdog: two minutes of the ledger's time pass.
      onFilled: () => {
        aheadMs += 130_000;
      },
    });
    await t.settle();
  }, 120_000);

  afterAll(async () => {
    clearInterval(ticking);
    await t?.close();
  });

  it('holds every planned delivery, over Volvo, GM and Tesla, most of them completed', async () => {
    const found: { deliveryId: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.http
        .get(`/v1/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
        .set(await as('investigator', 'inv-check'));
      expect(res.status).toBe(200);
      const page = res.body as { items: typeof found; nextCursor: string | null };
      found.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const ids = new Set(found.map((d) => d.deliveryId));
    expect(report.deliveries.every((d) => ids.has(d.deliveryId))).toBe(true);
    expect(ids.size).toBe(COUNT);
    expect(new Set(report.deliveries.map((d) => d.vendor))).toEqual(
      new Set(['volvo', 'gm', 'tesla']),
    );
    const completed = found.filter((d) => d.status === 'completed').length;
    expect(completed).toBeGreaterThan(COUNT / 2);
  });

  it('shows an unlock denied outside the geofence, then the delivery done from the car', async () => {
    const { entries, phase } = await timeline(situation('geofence_denied').deliveryId);
    expect(entries.filter((e) => e.type === 'UnlockDenied').map((e) => e.data.reason)).toEqual([
      'outside_geofence',
    ]);
    expect(phase).toBe('completed');
    expect(await anomalies(situation('geofence_denied').deliveryId)).toContain(
      'unlock_outside_geofence',
    );
  });

  it('shows a replayed nonce denied and raised as an anomaly', async () => {
    const { deliveryId } = situation('nonce_replayed');
    const { entries } = await timeline(deliveryId);
    expect(entries.filter((e) => e.type === 'UnlockDenied').map((e) => e.data.reason)).toEqual([
      'replayed_nonce',
    ]);
    expect(await anomalies(deliveryId)).toContain('nonce_replayed');
  });

  it('shows an ambiguous carmaker result that never counted as an unlock', async () => {
    const { deliveryId } = situation('ambiguous_result');
    const { entries, phase } = await timeline(deliveryId);
    const result = entries.find((e) => e.type === 'UnlockCommandResult');
    expect(result?.data).toMatchObject({ vendor: 'volvo', outcome: 'ambiguous' });
    expect(phase).toBe('failed');
    expect(await anomalies(deliveryId)).toContain('ambiguous_vendor_result');
  });

  it('shows a stale lock read that confirmed nothing, then a fresh one that did', async () => {
    const { deliveryId } = situation('stale_lock_read');
    const { entries } = await timeline(deliveryId);
    const verdicts = entries
      .filter((e) => e.type === 'VehicleStatusReported')
      .map((e) => e.data.lockVerdict);
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toBe('status_stale');
    expect(verdicts[1]).toBe('confirmed');
    expect(await anomalies(deliveryId)).toContain('stale_lock_confirmation');
  });

  it('shows a lock confirmation that came after the watchdog found it overdue', async () => {
    const { deliveryId } = situation('late_lock_confirmation');
    const { entries, phase } = await timeline(deliveryId);
    const types = entries.map((e) => e.type);
    expect(types.indexOf('LockConfirmationOverdue')).toBeGreaterThan(-1);
    expect(types.indexOf('LockConfirmed')).toBeGreaterThan(
      types.indexOf('LockConfirmationOverdue'),
    );
    expect(phase).toBe('completed');
    expect(await anomalies(deliveryId)).toContain('lock_not_confirmed');
  });

  it('keeps the case open, with the reveal in the customer’s access log', async () => {
    const { deliveryId, customerId } = situation('case_with_reveal');
    const opened = await t.http
      .get(`/v1/cases/${report.caseId}`)
      .set(await as('investigator', 'inv-check'));
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ caseId: report.caseId, deliveryIds: [deliveryId] });
    expect(opened.body.closedAt ?? null).toBeNull();
    const log = await t.http
      .get(`/v1/subjects/${customerId}/access-log`)
      .set(await as('customer', customerId));
    expect(log.status).toBe(200);
    expect(JSON.stringify(log.body)).toContain(report.caseId);
    expect(JSON.stringify(log.body)).toContain('inv-ana');
  });

  it('has erased one customer: their personal fields are gone, and their proof still verifies', async () => {
    const { deliveryId } = situation('erased_customer');
    const { entries } = await timeline(deliveryId);
    expect(JSON.stringify(entries)).toContain('"$personal":"erased"');
    const key = (await t.http.get('/v1/checkpoints/keys')).body.verifierKeys[0] as string;
    const proof = await t.http
      .get(`/v1/deliveries/${deliveryId}/proof`)
      .set(await as('investigator', 'inv-check'));
    expect(proof.status).toBe(200);
    expect(verifyBundle(proof.body as ProofBundle, key)).toMatchObject({ ok: true, failures: [] });
  });

  it('hands out a customer token that opens that customer’s own proof', async () => {
    const { deliveryId } = report.proofCustomer;
    const key = (await t.http.get('/v1/checkpoints/keys')).body.verifierKeys[0] as string;
    const proof = await t.http
      .get(`/v1/deliveries/${deliveryId}/proof`)
      .set({ authorization: `Bearer ${report.tokens.customer}` });
    expect(proof.status).toBe(200);
    expect(verifyBundle(proof.body as ProofBundle, key).ok).toBe(true);
  });

  it('says so when the ledger refuses its tokens, or nothing answers, and sends no delivery', async () => {
    const before = await t.database.store.headPosition();
    const options = { count: SITUATIONS.length, concurrency: 2 };
    await expect(
      fillDemoLedger({
        ...options,
        url,
        auth: { ...TEST_AUTH, hmacSecrets: ['another-secret-that-is-long-enough-for-hs256'] },
      }),
    ).rejects.toThrow(/refuses the demo's tokens .*KEYTRAIL_DATA_DIR or KEYTRAIL_JWT_SECRET/);
    await expect(
      fillDemoLedger({ ...options, url: 'http://127.0.0.1:9', auth: TEST_AUTH }),
    ).rejects.toThrow(/nothing answers at http:\/\/127.0.0.1:9: start the ledger first/);
    expect(await t.database.store.headPosition()).toBe(before);
  });

  it('runs again beside the first run, with ids of its own', async () => {
    const again = await fillDemoLedger({
      url,
      auth: TEST_AUTH,
      count: SITUATIONS.length,
      concurrency: 4,
      overdueWaitMs: 30_000,
      onFilled: () => {
        aheadMs += 130_000;
      },
    });
    expect(again.run).not.toBe(report.run);
    expect((await timeline(again.situations.late_lock_confirmation.deliveryId)).phase).toBe(
      'completed',
    );
  }, 60_000);
});
