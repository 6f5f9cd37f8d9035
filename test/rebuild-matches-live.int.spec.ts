import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createProjections } from '../projections/delivery-projections.js';
import { ProjectionRuntime } from '../projections/runtime/projection-runtime.js';
import { rebuildProjections } from '../projections/runtime/rebuild.js';
import { DATA_ACCESS_EVENT_SCHEMA_VERSIONS } from '../src/domain/data-access/data-access.events.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  deliveryStreamId,
} from '../src/domain/delivery/delivery.events.js';
import type { AppendRequest } from '../src/event-store/event-store.port.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';
import { deliveryStory } from './support/synthetic-deliveries.js';

const FAST = {
  batchSize: 50,
  attempts: 2,
  retryDelayMs: 5,
  idleWaitMs: 20,
  gatherMs: 0,
  heartbeatMs: 1000,
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A synthetic delivery's appends, cut short after `keep` events if given. On `vehicleId` if given,
 * with a grant live for the hour around now (the ledger's clock): such grants on one car overlap.
 */
function appendsOf(n: number, options: { vehicleId?: string; keep?: number } = {}) {
  const { deliveryId, events } = deliveryStory(n);
  const onCar = (event: DeliveryEvent): DeliveryEvent => {
    if (!options.vehicleId) return event;
    if (event.type === 'DeliveryScheduled')
      return { ...event, data: { ...event.data, vehicleId: options.vehicleId } };
    if (event.type === 'AccessGranted')
      return {
        ...event,
        data: {
          ...event.data,
          notBefore: iso(Date.now() - 60_000),
          notAfter: iso(Date.now() + 3_600_000),
        },
      };
    return event;
  };
  const kept = events
    .slice(0, options.keep ?? events.length)
    .map(([event, at]) => [onCar(event), at] as const);
  const appends: AppendRequest[] = [];
  for (let i = 0; i < kept.length; i += 4) {
    appends.push({
      streamId: deliveryStreamId(deliveryId),
      expectedRevision: i === 0 ? 'no_stream' : i - 1,
      events: kept.slice(i, i + 4).map(([event, at]) => ({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: DELIVERY_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data,
        context: {
          occurredAt: iso(at),
          actor: { id: 'delivery-system', role: 'delivery-service' as const },
          source: 'api',
          correlationId: deliveryId,
          causationId: randomUUID(),
        },
      })),
    });
  }
  return appends;
}

/** An investigator shown one customer's plate: enough of them in a day is excessive access. */
const reveal = (viewerId: string, customer: number, deliveryId: string): AppendRequest => ({
  streamId: `data-access-cust-${customer}`,
  expectedRevision: 'any',
  events: [
    {
      eventId: randomUUID(),
      type: 'PersonalDataViewed',
      schemaVersion: DATA_ACCESS_EVENT_SCHEMA_VERSIONS.PersonalDataViewed,
      data: {
        customerId: `cust-${customer}`,
        viewerId,
        role: 'investigator',
        caseId: 'case-1',
        purpose: 'dispute',
        fields: ['plate'],
        subject: `delivery:${deliveryId}`,
        deliveryId,
      },
      context: {
        occurredAt: '2026-11-25T12:00:00.000Z',
        actor: { id: viewerId, role: 'investigator' as const },
        source: 'api',
        correlationId: randomUUID(),
        causationId: randomUUID(),
      },
    },
  ],
});

/** Every row of a table as text, in a stable order. */
const rowsOf = async (ledger: OpenLedger, table: string): Promise<string[]> =>
  (
    await ledger.dataSource.query<{ row: string }[]>(
      `SELECT t::text AS row FROM read.${table} t ORDER BY 1`,
    )
  ).map((r) => r.row);

const indexesOf = async (ledger: OpenLedger, table: string): Promise<string[]> =>
  (
    await ledger.dataSource.query<{ indexdef: string }[]>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'read' AND tablename = $1 ORDER BY 1`,
      [table],
    )
  ).map((r) => r.indexdef);

describe('a rebuild of every projection at once gives the rows the live projections wrote', () => {
  let ledger: OpenLedger;
  const live = new Map<string, { rows: string[]; indexes: string[] }>();

  beforeAll(async () => {
    ledger = await openPostgresLedger();
    const runtime = new ProjectionRuntime(
      createProjections(),
      ledger.store,
      ledger.dataSource,
      FAST,
    );
    await runtime.start();
    const appends: AppendRequest[][] = [];
    // Plain deliveries: one photo digest over all of them (photo_reused), now and then a geofence
    // denial, a stale status read, a late lock.
    for (let n = 0; n < 60; n += 1) appends.push(appendsOf(n));
    // Deliveries 7 s apart on one car with hour-long grants: overlapping_grants on each pair.
    for (let n = 100; n < 106; n += 1) appends.push(appendsOf(n, { vehicleId: 'v-shared' }));
    // Deliveries still under way when the rebuild runs.
    for (let n = 200; n < 210; n += 1) appends.push(appendsOf(n, { keep: 3 + (n % 6) }));
    // One investigator shown 25 customers' data in a day (excessive access), another 3.
    const reveals = [
      ...Array.from({ length: 25 }, (_, i) => reveal('inv-many', i, `syn-${i}`)),
      ...Array.from({ length: 3 }, (_, i) => reveal('inv-few', i, `syn-${i}`)),
    ];
    // Interleaved as a busy day would: one append of each delivery in turn, reveals among them.
    for (let round = 0; appends.some((a) => a.length > 0); round += 1) {
      for (const delivery of appends) {
        const next = delivery.shift();
        if (next) await ledger.store.append(next);
      }
      const viewed = reveals.splice(0, 6);
      for (const append of viewed) await ledger.store.append(append);
    }
    expect(await runtime.reached(await ledger.store.headPosition(), 60_000)).toBe(true);
    await runtime.stop();
    for (const projection of createProjections()) {
      for (const table of projection.tables) {
        live.set(table, {
          rows: await rowsOf(ledger, table),
          indexes: await indexesOf(ledger, table),
        });
      }
    }
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
  });

  it('holds every kind of anomaly the rebuild has to find again', async () => {
    const codes = await ledger.dataSource.query<{ code: string }[]>(
      `SELECT DISTINCT code FROM read.anomalies ORDER BY code`,
    );
    expect(codes.map((c) => c.code)).toEqual(
      expect.arrayContaining([
        'excessive_personal_data_access',
        'overlapping_grants',
        'photo_reused',
        'unlock_outside_geofence',
      ]),
    );
  });

  it.each([
    ['pages of 2000, every story in memory', {}],
    [
      'pages of 37, 5 stories and 3 rows a table in memory: they leave memory and are read back',
      {
        batchSize: 37,
        storyCacheSize: 5,
        keptRowsLimit: 3,
      },
    ],
  ])(
    'with %s, every table has the same rows and indexes',
    async (_, options) => {
      await rebuildProjections(ledger.store, ledger.dataSource, createProjections(), options);
      for (const [table, { rows, indexes }] of live) {
        expect({ table, rows: await rowsOf(ledger, table) }).toEqual({ table, rows });
        expect({ table, indexes: await indexesOf(ledger, table) }).toEqual({ table, indexes });
        expect(rows.length).toBeGreaterThan(
          ['deadlines', 'pending_lock_requests', 'case_summaries', 'access_tallies'].includes(table)
            ? -1
            : 0,
        );
      }
    },
    120_000,
  );
});
