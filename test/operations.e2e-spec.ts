import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';

import { dataAccessStreamId } from '../src/domain/data-access/data-access.events.js';
import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { jsonLogger, JsonNestLogger } from '../src/observability/json-logger.js';
import { openApprovedCase } from './support/cases.js';
import { FAR_AWAY, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The value of one sample of the Prometheus text, or undefined when it is not there. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.entries(labels).every(([k, v]) => match[2]?.includes(`${k}="${v}"`));
    if (has) return Number(match[3]);
  }
  return undefined;
}

const event = (type: string) => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: {},
  context: {
    occurredAt: '2026-11-25T12:00:00.000Z',
    actor: { id: 'ops-test', role: 'admin' as const },
    source: 'test',
    correlationId: randomUUID(),
    causationId: randomUUID(),
  },
});

describe('operations: metrics, request logs and answer deadlines', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const metrics = async () => {
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    const log = jsonLogger(capture);
    t = await startTestApp({}, new JsonNestLogger(log), {
      answerTimeoutMs: 400,
      headersTimeoutMs: 300,
      requestLog: log,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Another session holds the ledger head: appends wait behind it until released. */
  const holdLedgerHead = async () => {
    const blocker = new pg.Client({
      connectionString: (t.database.dataSource.options as { url: string }).url,
    });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM ledger.head FOR UPDATE');
    return async () => {
      await blocker.query('ROLLBACK');
      await blocker.end();
    };
  };

  it('counts appends, their batches, conflicts, idempotent replays and denials by reason', async () => {
    const before = await metrics();
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    const key = { 'Idempotency-Key': `close-${j.deliveryId}` };
    const first = await j.post(
      'closures',
      { closure: 'trunk', state: 'opened', vehicleTimestamp: '2026-11-25T13:40:00.000Z' },
      'delivery-service',
      key,
    );
    expect(first.status).toBe(200);
    const retry = await j.post(
      'closures',
      { closure: 'trunk', state: 'opened', vehicleTimestamp: '2026-11-25T13:40:00.000Z' },
      'delivery-service',
      key,
    );
    expect(retry.body.replayed).toBe(true);
    const denied = await j.unlock('14:00:00', { courierPosition: FAR_AWAY });
    expect(denied.body.error.details.reason).toBe('outside_geofence');
    const stream = `ops-${randomUUID()}`;
    await t.database.store.append({
      streamId: stream,
      expectedRevision: 'no_stream',
      events: [event('OpsProbe')],
    });
    await expect(
      t.database.store.append({
        streamId: stream,
        expectedRevision: 'no_stream',
        events: [event('OpsProbe')],
      }),
    ).rejects.toThrow();

    const after = await metrics();
    const grew = (name: string, labels: Record<string, string> = {}) =>
      (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(grew('keytrail_append_duration_seconds_count', { outcome: 'appended' })).toBe(5);
    expect(grew('keytrail_append_batch_appends_count')).toBeGreaterThanOrEqual(1);
    expect(grew('keytrail_append_batch_events_sum')).toBeGreaterThanOrEqual(5);
    expect(grew('keytrail_append_conflicts_total')).toBe(1);
    expect(grew('keytrail_idempotent_replays_total')).toBe(1);
    expect(
      grew('keytrail_denials_total', { event: 'UnlockDenied', reason: 'outside_geofence' }),
    ).toBe(1);
    expect(
      grew('keytrail_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/deliveries/:id/closures',
        status: '200',
      }),
    ).toBe(2);
    // Ids and positions of people never become labels.
    for (const id of [j.deliveryId, j.customerId, j.vehicleId, 'c-123'])
      expect(after).not.toContain(id);
  });

  it('shows projection lag and how far behind the signed checkpoints are', async () => {
    await t.settle();
    let text = await metrics();
    for (let i = 0; i < 100 && !sample(text, 'keytrail_checkpoint_tree_size'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await metrics();
    }
    const head = sample(text, 'keytrail_ledger_head_position')!;
    expect(head).toBeGreaterThan(0);
    for (const projection of ['delivery-timeline', 'merkle-tree'])
      expect(sample(text, 'keytrail_projection_lag_events', { projection })).toBe(0);
    const signed = sample(text, 'keytrail_checkpoint_tree_size')!;
    expect(signed).toBeGreaterThan(0);
    expect(sample(text, 'keytrail_tree_leaves_awaiting_checkpoint')).toBeLessThanOrEqual(
      head - signed,
    );
    const age = sample(text, 'keytrail_checkpoint_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
  });

  it('logs one JSON line per request with its ids, the route template and no path, query or body', async () => {
    const j = new Journey(t);
    const correlationId = `journey-${randomUUID()}`;
    const res = await j.post(
      '/v1/deliveries',
      {
        deliveryId: j.deliveryId,
        orderId: 'o-ops',
        customerId: j.customerId,
        vehicleId: j.vehicleId,
        vendor: 'volvo',
        window: { from: '2026-11-25T13:00:00.000Z', to: '2026-11-25T17:00:00.000Z' },
        target: 'trunk',
      },
      'delivery-service',
      { 'X-Correlation-Id': correlationId },
    );
    expect(res.status).toBe(201);
    expect(res.headers['x-correlation-id']).toBe(correlationId);
    const requestId = res.headers['x-request-id'] as string;
    await t.http.get(`/v1/deliveries?plate=ABC123&customerId=${j.customerId}`).set({
      authorization: `Bearer ${await t.token('investigator')}`,
    });

    const line = lines.find((l) => l.requestId === requestId);
    expect(line).toMatchObject({
      level: 'info',
      correlationId,
      method: 'POST',
      route: '/v1/deliveries',
      status: 201,
      role: 'delivery-service',
    });
    expect(typeof line!.ms).toBe('number');
    // The ids in the log are those the stored event carries: an investigator can join them.
    const [stored] = await t.database.store.readStream(deliveryStreamId(j.deliveryId));
    expect(stored!.metadata).toMatchObject({ correlationId, causationId: requestId });
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const personal of [j.customerId, j.vehicleId, 'ABC123', j.deliveryId, 'Bearer'])
      expect(text).not.toContain(personal);
  });

  it('answers 503 STORE.UNAVAILABLE past the deadline while its append waits, then stores the command once and replays it to the retry', async () => {
    const j = new Journey(t);
    await j.schedule();
    const release = await holdLedgerHead();
    const key = { 'Idempotency-Key': `grant-${j.deliveryId}` };
    const body = {
      grantId: 'g-1',
      courierId: 'c-123',
      notBefore: '2026-11-25T13:30:00.000Z',
      notAfter: '2026-11-25T15:00:00.000Z',
      geofence: { center: { lat: 59.3293, lon: 18.0686 }, radiusM: 50 },
      scope: 'trunk',
      singleUse: true,
      nonce: 'grant-nonce-1',
    };
    const stalled = await j.post('grants', body, 'delivery-service', key);
    expect(stalled.status).toBe(503);
    expect(stalled.headers['retry-after']).toBe('1');
    // The append was waiting on the store: whether it lands is unknown, so the same key is retried.
    expect(stalled.body.error.code).toBe('STORE.UNAVAILABLE');
    await release();

    const types = async () =>
      (await t.database.store.readStream(deliveryStreamId(j.deliveryId))).map((e) => e.type);
    for (let i = 0; i < 200 && (await types()).length < 2; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const retry = await j.post('grants', body, 'delivery-service', key);
    expect(retry.status).toBe(200);
    expect(retry.body.replayed).toBe(true);
    expect(await types()).toEqual(['DeliveryScheduled', 'AccessGranted']);
    // The stalled request is logged as what it answered, though its work finished later.
    const stalledLine = lines.find((l) => l.requestId === stalled.headers['x-request-id']);
    expect(stalledLine).toMatchObject({ status: 503, route: '/v1/deliveries/:id/grants' });
    // Its late answer went nowhere, quietly: no error from the app.
    expect(lines.filter((l) => l.level === 'error' && l.msg !== 'request failed')).toEqual([]);
  });

  it('answers 503 STORE.UNAVAILABLE past the deadline while a reveal waits to be recorded, and shows nothing', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.linkVehicle('HELD123');
    await j.grant();
    await openApprovedCase(t, {
      caseId: 'case-held',
      deliveryIds: [j.deliveryId],
      reason: 'dispute: the reveal waits on the store',
    });
    await t.settle();
    const release = await holdLedgerHead();
    let held;
    try {
      held = await t.http
        .get(`/v1/deliveries/${j.deliveryId}/timeline?caseId=case-held`)
        .set({ authorization: `Bearer ${await t.token('investigator', 'inv-1')}` });
    } finally {
      await release();
    }
    expect(held.status).toBe(503);
    expect(held.headers['retry-after']).toBe('1');
    expect(held.body.error.code).toBe('STORE.UNAVAILABLE');
    expect(held.body.entries).toBeUndefined();
    // The reveal lands once the store moves: the access log says it, though nothing was shown.
    const viewed = async () =>
      (await t.database.store.readStream(dataAccessStreamId(j.customerId))).filter(
        (e) => (e.data as { caseId?: string }).caseId === 'case-held',
      ).length;
    for (let i = 0; i < 200 && (await viewed()) === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await viewed()).toBe(1);
  });

  it('cuts a client that sends its headers or its body too slowly', async () => {
    const server = t.app.getHttpServer();
    if (!server.listening)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const slowly = (opening: string) =>
      new Promise<{ answer: string; ms: number }>((resolve, reject) => {
        const begun = Date.now();
        let answer = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(opening));
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve({ answer, ms: Date.now() - begun }));
      });
    // Headers that never end: Node answers 408 before the app sees the request.
    const headers = await slowly(
      'POST /v1/deliveries HTTP/1.1\r\nHost: keytrail\r\nContent-Type: application/json\r\n',
    );
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    // A body that stops short: the request's deadline answers (503 REQUEST.TIMEOUT, or Node's 408
    // when its check comes first) and the connection is closed.
    const body = await slowly(
      'POST /v1/deliveries HTTP/1.1\r\nHost: keytrail\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"deli',
    );
    expect(body.answer).toMatch(/^HTTP\/1\.1 (408|503)/);
    // Both well before the 30 s at which Node would look with its default interval.
    for (const { ms } of [headers, body]) expect(ms).toBeLessThan(10_000);
  });
});
