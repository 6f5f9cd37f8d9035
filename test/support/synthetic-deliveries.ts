import { randomUUID } from 'node:crypto';

import type { DeliveryEvent } from '../../src/domain/delivery/delivery.events.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  deliveryStreamId,
} from '../../src/domain/delivery/delivery.events.js';
import type { AppendRequest, EventStore } from '../../src/event-store/event-store.port.js';

const BASE = Date.parse('2026-11-25T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The events of one realistic delivery, `n`-th of a run: a trunk delivery that goes well, with now and
 * then a geofence denial, a stale status read, or a lock confirmed late. Times advance with `n`.
 */
export function deliveryStory(n: number): {
  deliveryId: string;
  events: [DeliveryEvent, number][];
} {
  const deliveryId = `syn-${n}`;
  const start = BASE + n * 7_000;
  const t = (seconds: number) => iso(start + seconds * 1000);
  const center = { lat: 59.3 + (n % 100) / 1000, lon: 18.0 + (n % 37) / 1000 };
  const grant = {
    grantId: 'g-1',
    courierId: `c-${n % 40}`,
    notBefore: t(0),
    notAfter: t(3600),
    geofence: { center, radiusM: 50 },
    scope: 'trunk' as const,
    singleUse: true,
    nonce: `grant-${n}`,
  };
  const vendor = (['volvo', 'gm', 'tesla'] as const)[n % 3]!;
  const events: [DeliveryEvent, number][] = [
    [
      {
        type: 'DeliveryScheduled',
        data: {
          deliveryId,
          orderId: `o-${n}`,
          customerId: `cust-${n % 500}`,
          vehicleId: `v-${n % 300}`,
          vendor,
          window: { from: t(-600), to: t(7200) },
          target: 'trunk',
        },
      },
      -900,
    ],
    [{ type: 'AccessGranted', data: grant }, -300],
  ];
  if (n % 11 === 0) {
    events.push(
      [
        {
          type: 'UnlockRequested',
          data: {
            grantId: 'g-1',
            courierId: grant.courierId,
            courierPosition: { lat: center.lat + 0.01, lon: center.lon },
            commandId: 'cmd-u-0',
            nonce: `n-${n}-0`,
            requestedAt: t(55),
          },
        },
        55,
      ],
      [
        {
          type: 'UnlockDenied',
          data: { commandId: 'cmd-u-0', grantId: 'g-1', reason: 'outside_geofence' },
        },
        55,
      ],
    );
  }
  events.push(
    [
      {
        type: 'UnlockRequested',
        data: {
          grantId: 'g-1',
          courierId: grant.courierId,
          courierPosition: center,
          commandId: 'cmd-u-1',
          nonce: `n-${n}-1`,
          requestedAt: t(60),
        },
      },
      60,
    ],
    [
      {
        type: 'UnlockCommandResult',
        data: {
          commandId: 'cmd-u-1',
          vendor,
          vendorStatus: 'COMPLETED',
          outcome: 'succeeded',
          raw: { data: { invokeStatus: 'COMPLETED' } },
          vendorCommand: null,
          carmakerTimes: null,
          timeVerdict: null,
        },
      },
      64,
    ],
    [
      {
        type: 'ClosureOpened',
        data: { closure: 'trunk', vehicleTimestamp: t(90), timeVerdict: null },
      },
      90,
    ],
    [
      {
        type: 'PackagePlaced',
        data: {
          packageId: `p-${n}`,
          photo: {
            sha256: 'ab'.repeat(32),
            ref: `photos/p-${n}.jpg`,
            capturedAt: t(100),
            geotag: center,
          },
          geotagBeyondGeofenceM: null,
        },
      },
      101,
    ],
    [
      {
        type: 'ClosureClosed',
        data: { closure: 'trunk', vehicleTimestamp: t(120), timeVerdict: null },
      },
      120,
    ],
    [{ type: 'LockRequested', data: { commandId: 'cmd-l-1', requestedAt: t(125) } }, 125],
  );
  const confirmedAt = n % 13 === 0 ? 260 : 131;
  if (n % 7 === 0) {
    events.push([
      {
        type: 'VehicleStatusReported',
        data: {
          vendor,
          statusTimestamp: t(124),
          centralLock: 'LOCKED',
          closures: { trunk: 'closed' },
          windows: {},
          fieldTimes: {},
          contradictions: [],
          raw: {},
          lockVerdict: 'status_before_lock_command',
          judgement: null,
        },
      },
      128,
    ]);
  }
  events.push(
    [
      {
        type: 'VehicleStatusReported',
        data: {
          vendor,
          statusTimestamp: t(confirmedAt),
          centralLock: 'LOCKED',
          closures: { trunk: 'closed' },
          windows: {},
          fieldTimes: {},
          contradictions: [],
          raw: {},
          lockVerdict: 'confirmed',
          judgement: null,
        },
      },
      confirmedAt + 1,
    ],
    [
      {
        type: 'LockConfirmed',
        data: {
          commandId: 'cmd-l-1',
          vendor,
          statusTimestamp: t(confirmedAt),
          evidence: vendor === 'gm' ? 'command_acknowledged' : 'status_observed',
        },
      },
      confirmedAt + 1,
    ],
    [
      {
        type: 'DeliveryCompleted',
        data: { lockCommandId: 'cmd-l-1', lockConfirmedAt: t(confirmedAt) },
      },
      confirmedAt + 5,
    ],
  );
  return { deliveryId, events: events.map(([event, seconds]) => [event, start + seconds * 1000]) };
}

/** One delivery's events as appends of a few events each, with envelopes as the API would write. */
export function deliveryAppends(n: number, perAppend = 3): AppendRequest[] {
  const { deliveryId, events } = deliveryStory(n);
  const appends: AppendRequest[] = [];
  for (let i = 0; i < events.length; i += perAppend) {
    const slice = events.slice(i, i + perAppend);
    const causationId = randomUUID();
    appends.push({
      streamId: deliveryStreamId(deliveryId),
      expectedRevision: i === 0 ? 'no_stream' : i - 1,
      events: slice.map(([event, at]) => ({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: DELIVERY_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data,
        context: {
          occurredAt: iso(at),
          actor: { id: 'delivery-system', role: 'delivery-service' },
          source: 'api',
          correlationId: deliveryId,
          causationId,
        },
      })),
    });
  }
  return appends;
}

/** Appends `count` synthetic deliveries, `concurrency` at a time, interleaved as a busy day would. */
export async function appendSyntheticDeliveries(
  store: EventStore,
  count: number,
  { from = 0, concurrency = 64 }: { from?: number; concurrency?: number } = {},
): Promise<number> {
  let next = from;
  let events = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + count) {
        const n = next++;
        for (const append of deliveryAppends(n)) {
          await store.append(append);
          events += append.events.length;
        }
      }
    }),
  );
  return events;
}
