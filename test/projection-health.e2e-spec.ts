import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { jsonLogger, JsonNestLogger } from '../src/observability/json-logger.js';
import { at, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

interface ProjectionDetails {
  projection: string;
  lag: number;
  parked: number;
  stalled: boolean;
  parkedEvents: { position: number; eventType: string; reason: string }[];
}

const STORY_PROJECTIONS = ['delivery-timeline', 'delivery-summary', 'anomalies', 'vehicle-custody'];

describe('health and alerts: parked events, stalled projections, the 2099 status read', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const details = (body: {
    info?: { projections?: { projections: ProjectionDetails[] } };
    error?: { details: { error: { projections: { projections: ProjectionDetails[] } } } };
  }) => (body.info?.projections ?? body.error?.details.error.projections)!.projections;
  const reached = async (names: readonly string[]) => {
    const head = await t.database.store.headPosition();
    for (const name of names) expect(await t.projections.reached(head, 15_000, name)).toBe(true);
  };
  const parkedRows = async () =>
    t.database.dataSource.query<{ projection: string }[]>(
      `SELECT projection FROM read.parked_events`,
    );

  beforeAll(async () => {
    t = await startTestApp({}, new JsonNestLogger(jsonLogger(capture)), {
      projectionStallSeconds: 1,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps search and release in step for a Volvo doors read stamped 2099, parking nothing', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:04'));
    await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    await j.requestLock('14:01:40');
    t.clock.set(at('14:01:50'));
    expect((await j.oem('doors', volvoDoors('2099-01-01T00:00:00Z'))).status).toBeLessThan(300);
    await t.settle();
    expect(await parkedRows()).toEqual([]);
    const release = (await j.get('release', 'delivery-service')).body as { released: boolean };
    const search = await t.http
      .get(`/v1/deliveries?customerId=${j.customerId}`)
      .set('authorization', `Bearer ${await t.token('investigator')}`);
    expect(search.body.items).toEqual([
      expect.objectContaining({ deliveryId: j.deliveryId, released: release.released }),
    ]);
    const health = await t.http.get('/health/ready');
    expect(health.status).toBe(200);
  });

  it('shows a parked event in /health, /metrics and an error line, and stays healthy and ready', async () => {
    const deliveryId = `d-${randomUUID().slice(0, 8)}`;
    const stored = await t.database.store.append({
      streamId: deliveryStreamId(deliveryId),
      expectedRevision: 'no_stream',
      events: [
        {
          eventId: randomUUID(),
          type: 'DeliveryScheduled',
          // A schema version newer than this code knows: refused loudly by the upcasters, never misread.
          schemaVersion: 99,
          data: { deliveryId },
          context: {
            occurredAt: at('12:00:00'),
            actor: { id: 'delivery-system', role: 'delivery-service' },
            source: 'api',
            correlationId: randomUUID(),
            causationId: randomUUID(),
          },
        },
      ],
    });
    const position = stored.events[0]!.metadata.globalPosition;
    await t.settle();

    const health = await t.http.get('/health');
    expect(health.status).toBe(200);
    const summary = details(health.body).find((p) => p.projection === 'delivery-summary')!;
    expect(summary).toMatchObject({ parked: 1, lag: 0, stalled: false });
    expect(summary.parkedEvents).toEqual([
      {
        position,
        eventType: 'DeliveryScheduled',
        reason: expect.stringContaining('99'),
        attempts: 3,
        parkedAt: expect.any(String),
      },
    ]);
    expect((await t.http.get('/health/ready')).status).toBe(200);

    const metrics = (await t.http.get('/metrics')).text;
    expect(metrics).toMatch(/keytrail_projection_parked_events\{projection="delivery-summary"\} 1/);
    expect(metrics).toMatch(
      /keytrail_projection_events_parked_total\{projection="delivery-summary"\} 1/,
    );
    expect(metrics).toMatch(/keytrail_projection_parked_events\{projection="merkle-tree"\} 0/);

    const alerts = lines.filter((l) => l.alert === 'ProjectionParkedEvent');
    expect(alerts.map((l) => l.projection).sort()).toEqual(
      [...STORY_PROJECTIONS, 'watchdog-deadlines', 'pending-lock-requests'].sort(),
    );
    for (const alert of alerts) {
      expect(alert).toMatchObject({
        level: 'error',
        position,
        eventType: 'DeliveryScheduled',
        reason: expect.stringContaining('99'),
      });
      expect(JSON.stringify(alert)).not.toContain(deliveryId);
    }
  });

  it('fails readiness only while a projection stands still with events waiting, never liveness', async () => {
    await t.settle();
    const holder = t.database.dataSource.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query(
        `SELECT position FROM read.projection_checkpoints WHERE projection = 'delivery-summary' FOR UPDATE`,
      );
      const j = new Journey(t);
      await j.schedule();
      await reached([
        'delivery-timeline',
        'anomalies',
        'watchdog-deadlines',
        'vehicle-custody',
        'merkle-tree',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error).toMatchObject({ code: 'HEALTH.DOWN', message: 'Down: projections' });
      expect(ready.body.error.details.error.projections.message).toContain('delivery-summary');
      expect(
        details(ready.body)
          .filter((p) => p.stalled)
          .map((p) => p.projection),
      ).toEqual(['delivery-summary']);
      expect((await t.http.get('/health')).status).toBe(200);
      expect((await t.http.get('/health/live')).status).toBe(200);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    await t.settle();
    expect((await t.http.get('/health/ready')).status).toBe(200);
  });
});
