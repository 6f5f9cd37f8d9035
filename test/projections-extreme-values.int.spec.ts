import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { createProjections } from '../projections/delivery-projections.js';
import { ProjectionRuntime } from '../projections/runtime/projection-runtime.js';
import { checkDeterminism } from '../projections/runtime/rebuild.js';
import { DATA_ACCESS_EVENT_SCHEMA_VERSIONS } from '../src/domain/data-access/data-access.events.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  deliveryStreamId,
} from '../src/domain/delivery/delivery.events.js';
import type { AppendRequest } from '../src/event-store/event-store.port.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';

const FAST = {
  batchSize: 200,
  attempts: 2,
  retryDelayMs: 5,
  idleWaitMs: 20,
  gatherMs: 0,
  heartbeatMs: 1000,
};

const iso = (ms: number) => new Date(ms).toISOString();
/** What the API accepts now (2000-01-01..2100-01-01), and what main accepted and stored. */
const EDGES = [
  '2000-01-01T00:00:00.000Z',
  '2099-01-01T00:00:00.000Z',
  '2099-12-31T23:59:59.999Z',
  '2100-01-01T00:00:00.000Z',
  iso(8.64e15),
  iso(-8.64e15),
  iso(0),
];
const moment = fc.oneof(
  fc.constantFrom(...EDGES),
  fc.integer({ min: Date.parse(EDGES[0]!), max: Date.parse('2100-01-01T00:00:00.000Z') }).map(iso),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map(iso),
);
/** Ids as the API allows them: up to 128 of [A-Za-z0-9._:-]. */
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
const longText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'ü'.repeat(n)),
);
/** A carmaker payload kept verbatim: up to ~200 kB, under the API's 256 kB body limit. */
const rawPayload = fc.oneof(
  { arbitrary: fc.constant({}), weight: 20 },
  {
    arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => ({ data: { blob: 'x'.repeat(n) } })),
    weight: 1,
  },
  {
    arbitrary: fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 200 }), {
      maxKeys: 200,
    }),
    weight: 1,
  },
);
const vendor = fc.constantFrom('volvo' as const, 'gm' as const, 'tesla' as const);
const closure = fc.constantFrom('trunk' as const, 'front_left' as const, 'rear_right' as const);
const outcome = fc.constantFrom(
  'accepted' as const,
  'pending' as const,
  'succeeded' as const,
  'failed' as const,
  'ambiguous' as const,
);

const timeVerdict = fc.constantFrom(null, 'timestamp_in_future' as const, 'superseded' as const);

/** One thing that happens at the car, again and again on the same delivery. */
const carEvent = (ids: { grantId: string; commandId: string }): fc.Arbitrary<DeliveryEvent> =>
  fc.oneof(
    fc.record({ closure, vehicleTimestamp: moment, timeVerdict }).map((data) => ({
      type: 'ClosureOpened' as const,
      data,
    })),
    fc.record({ closure, vehicleTimestamp: moment, timeVerdict }).map((data) => ({
      type: 'ClosureClosed' as const,
      data,
    })),
    fc
      .record({
        vendor,
        statusTimestamp: moment,
        centralLock: fc.constantFrom('LOCKED' as const, 'UNLOCKED' as const, 'UNKNOWN' as const),
        raw: rawPayload,
        lockVerdict: fc.constantFrom(
          'confirmed' as const,
          'not_locked' as const,
          'status_before_lock_command' as const,
          'timestamp_in_future' as const,
          'status_stale' as const,
          'contradictory_payload' as const,
        ),
        trunkAt: moment,
        clockSampleS: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
      })
      .map(({ trunkAt, clockSampleS, ...data }) => ({
        type: 'VehicleStatusReported' as const,
        data: {
          ...data,
          closures: { trunk: 'closed' as const },
          windows: { sunroof: 'open' as const },
          fieldTimes: { centralLock: data.statusTimestamp, trunk: trunkAt, sunroof: trunkAt },
          contradictions: [],
          judgement: {
            anchor: null,
            clockOffsetS: 0,
            toleranceS: 5,
            field: null,
            fieldAt: null,
            clockSampleS,
          },
        },
      })),
    fc.record({ requestedAt: moment }).map(({ requestedAt }) => ({
      type: 'LockRequested' as const,
      data: { commandId: ids.commandId, requestedAt },
    })),
    fc.record({ vendor, statusTimestamp: moment }).map((data) => ({
      type: 'LockConfirmed' as const,
      data: { commandId: ids.commandId, ...data, evidence: 'status_observed' as const },
    })),
    fc
      .record({ vendor, outcome, vendorStatus: longText, raw: rawPayload, timeVerdict })
      .map((data) => ({
        type: 'UnlockCommandResult' as const,
        data: {
          commandId: ids.commandId,
          ...data,
          vendorCommand: null,
          carmakerTimes: null,
        },
      })),
    fc
      .record({ capturedAt: moment, beyond: fc.option(fc.integer(), { nil: null }) })
      .map(({ capturedAt, beyond }) => ({
        type: 'PackagePlaced' as const,
        data: {
          packageId: 'p-1',
          photo: { sha256: 'ab'.repeat(32), ref: 'photos/p-1.jpg', capturedAt, geotag: null },
          geotagBeyondGeofenceM: beyond,
        },
      })),
    fc.record({ lastClosedAt: moment, dueAt: moment }).map((data) => ({
      type: 'LockConfirmationOverdue' as const,
      data,
    })),
    fc.record({ notAfter: moment }).map(({ notAfter }) => ({
      type: 'GrantExpired' as const,
      data: { grantId: ids.grantId, notAfter },
    })),
  );

interface Delivery {
  readonly deliveryId: string;
  readonly customerId: string;
  readonly events: readonly (readonly [DeliveryEvent, string])[];
  readonly reveals: number;
}

const delivery: fc.Arbitrary<Delivery> = fc
  .record({
    deliveryId: id,
    customerId: id,
    courierId: id,
    grantId: id,
    commandId: id,
    vendor,
    from: moment,
    to: moment,
    notBefore: moment,
    notAfter: moment,
    radiusM: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
  })
  .chain((d) =>
    fc.record({
      d: fc.constant(d),
      // size 'max': lengths spread up to 250, not fast-check's usual handful.
      atCar: fc.array(fc.tuple(carEvent(d), moment), { minLength: 1, maxLength: 250, size: 'max' }),
      end: fc.option(
        fc.oneof(
          fc.constant<DeliveryEvent>({
            type: 'DeliveryCompleted',
            data: { lockCommandId: d.commandId, lockConfirmedAt: d.notAfter },
          }),
          longText.map<DeliveryEvent>((reason) => ({
            type: 'DeliveryFailed',
            data: { reason, fallback: 'returned' },
          })),
        ),
      ),
      reveals: fc.integer({ min: 0, max: 25 }),
      scheduledAt: moment,
    }),
  )
  .map(({ d, atCar, end, reveals, scheduledAt }) => {
    // Unique per run, still an id the API allows.
    const deliveryId = `${randomUUID()}${d.deliveryId}`.slice(0, 128);
    return {
      deliveryId,
      customerId: d.customerId,
      reveals,
      events: [
        [
          {
            type: 'DeliveryScheduled',
            data: {
              deliveryId,
              orderId: 'o-1',
              customerId: d.customerId,
              vehicleId: 'v-1',
              vendor: d.vendor,
              window: { from: d.from, to: d.to },
              target: 'trunk',
            },
          },
          scheduledAt,
        ],
        [
          {
            type: 'AccessGranted',
            data: {
              grantId: d.grantId,
              courierId: d.courierId,
              notBefore: d.notBefore,
              notAfter: d.notAfter,
              geofence: { center: { lat: 59.3293, lon: 18.0686 }, radiusM: d.radiusM },
              scope: 'trunk',
              singleUse: true,
              nonce: 'n-1',
            },
          },
          scheduledAt,
        ],
        [
          {
            type: 'UnlockRequested',
            data: {
              grantId: d.grantId,
              courierId: d.courierId,
              courierPosition: { lat: 59.3293, lon: 18.0686 },
              commandId: d.commandId,
              nonce: 'u-1',
              requestedAt: scheduledAt,
            },
          },
          scheduledAt,
        ],
        ...atCar,
        ...(end ? [[end, scheduledAt] as const] : []),
      ],
    };
  });

const envelope = (occurredAt: string) => ({
  occurredAt,
  actor: { id: 'connector-1', role: 'oem-connector' as const },
  source: 'oem:volvo',
  correlationId: randomUUID(),
  causationId: randomUUID(),
});

function appendsOf(d: Delivery): AppendRequest[] {
  const appends: AppendRequest[] = [];
  for (let i = 0; i < d.events.length; i += 40) {
    appends.push({
      streamId: deliveryStreamId(d.deliveryId),
      expectedRevision: i === 0 ? 'no_stream' : i - 1,
      events: d.events.slice(i, i + 40).map(([event, occurredAt]) => ({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: DELIVERY_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data,
        context: envelope(occurredAt),
      })),
    });
  }
  for (let n = 0; n < d.reveals; n += 1) {
    appends.push({
      streamId: `data-access-${d.customerId}`,
      expectedRevision: 'any',
      events: [
        {
          eventId: randomUUID(),
          type: 'PersonalDataViewed',
          schemaVersion: DATA_ACCESS_EVENT_SCHEMA_VERSIONS.PersonalDataViewed,
          data: {
            customerId: `${d.customerId}`.slice(0, 120) + `-${n}`,
            viewerId: 'investigator-prop',
            role: 'investigator',
            caseId: 'case-1',
            purpose: 'dispute',
            fields: ['plate'],
            subject: `delivery:${d.deliveryId}`,
            deliveryId: d.deliveryId,
          },
          context: {
            ...envelope(iso(Date.now())),
            actor: { id: 'investigator-prop', role: 'investigator' as const },
          },
        },
      ],
    });
  }
  return appends;
}

describe('projections on extreme values the API accepted', () => {
  let ledger: OpenLedger;
  let runtime: ProjectionRuntime;
  beforeAll(async () => {
    ledger = await openPostgresLedger();
    runtime = new ProjectionRuntime(createProjections(), ledger.store, ledger.dataSource, FAST);
    await runtime.start();
  });
  afterAll(async () => {
    await runtime?.stop();
    await ledger?.close();
  });

  it('parks nothing and every projection reaches the end of the ledger', async () => {
    let longest = 0;
    await fc.assert(
      fc.asyncProperty(delivery, async (d) => {
        const first = await ledger.store.headPosition();
        longest = Math.max(longest, d.events.length);
        for (const append of appendsOf(d)) await ledger.store.append(append);
        const head = await ledger.store.headPosition();
        expect(await runtime.reached(head, 30_000)).toBe(true);
        const parked = await ledger.dataSource.query(
          `SELECT projection, global_position, event_type, error FROM read.parked_events
            WHERE global_position >= $1`,
          [first],
        );
        expect(parked).toEqual([]);
        const checkpoints = await ledger.dataSource.query<
          { projection: string; position: string }[]
        >(`SELECT projection, position FROM read.projection_checkpoints ORDER BY projection`);
        expect(checkpoints.map((c) => [c.projection, Number(c.position)])).toEqual(
          createProjections()
            .map((p) => [p.name, head] as const)
            .sort(([a], [b]) => a.localeCompare(b)),
        );
      }),
      { numRuns: 25 },
    );
    // The runs did hold a long delivery (the generator, not only the projections, is under test).
    expect(longest).toBeGreaterThan(100);
    // And a rebuild from the ledger derives the very same rows.
    await runtime.stop();
    for (const projection of createProjections()) {
      const report = await checkDeterminism(ledger.store, ledger.dataSource, projection);
      for (const table of report.tables) expect(table).toMatchObject({ identical: true });
    }
  });
});
