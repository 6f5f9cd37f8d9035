/**
 * What sealing personal fields costs an event: the canonical bytes of a delivery's events as they are
 * hashed, with their personal fields sealed (AES-256-GCM per field) and without, in the same process;
 * then opening them again, as a view does.
 *
 *   npm run bench:personal-data                 (-- --deliveries 20000)
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { canonicalJson } from '../src/event-store/canonical-event.js';
import type { DataKey } from '../src/privacy/data-key.js';
import { openPersonalFields, sealPersonalFields } from '../src/privacy/personal-fields.js';
import { personalFieldsOf } from '../src/privacy/personal-field-registry.js';
import { peakRssOf } from './cpu-time.js';

const { values: args } = parseArgs({
  options: { deliveries: { type: 'string', default: '20000' } },
});
const DELIVERIES = Number(args.deliveries);

const point = () => ({ lat: 59.3 + Math.random() / 100, lon: 18.06 + Math.random() / 100 });
/** The events of one delivery that carry personal data, and two that do not. */
const deliveryEvents = (n: number) => [
  {
    type: 'DeliveryScheduled',
    data: { deliveryId: `d-${n}`, customerId: `c-${n}`, vendor: 'volvo' },
  },
  {
    type: 'VehicleLocationDeclared',
    data: { description: `Garage P2, bay ${n}`, position: point() },
  },
  {
    type: 'CourierApproaching',
    data: { courierId: 'c-1', eta: '2026-11-25T14:00:00.000Z', courierName: 'Alex Berg' },
  },
  {
    type: 'AccessGranted',
    data: { grantId: 'g-1', courierId: 'c-1', geofence: { center: point(), radiusM: 50 } },
  },
  {
    type: 'UnlockRequested',
    data: { grantId: 'g-1', courierPosition: point(), commandId: 'u-1', nonce: 'n' },
  },
  {
    type: 'UnlockCommandResult',
    data: {
      commandId: 'u-1',
      outcome: 'succeeded',
      raw: { data: { vin: 'YV1CT9551B1570982', invokeStatus: 'COMPLETED' } },
    },
  },
  {
    type: 'PackagePlaced',
    data: {
      packageId: 'p-1',
      photo: {
        sha256: 'ab'.repeat(32),
        ref: `keytrail:photo:d-${n}/${'ab'.repeat(32)}`,
        capturedAt: '2026-11-25T14:01:00.000Z',
        geotag: point(),
      },
    },
  },
  {
    type: 'ClosureClosed',
    data: { closure: 'trunk', vehicleTimestamp: '2026-11-25T14:01:20.000Z' },
  },
];

const events = Array.from({ length: DELIVERIES }, (_, n) => deliveryEvents(n)).flat();
const keys = new Map<string, DataKey>();
const keyFor = (n: number): DataKey => {
  const scope = `delivery:d-${n}`;
  let key = keys.get(scope);
  if (!key) keys.set(scope, (key = { scope, customerId: `c-${n}`, key: randomBytes(32) }));
  return key;
};

function time(label: string, run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = Math.round(events.length / seconds);
  console.log(
    `${label.padEnd(44)} ${rate.toLocaleString('en').padStart(10)} events/s  (${(seconds * 1000).toFixed(0)} ms)`,
  );
  return rate;
}

console.log(
  `${events.length.toLocaleString('en')} events of ${DELIVERIES.toLocaleString('en')} deliveries, ${process.version}`,
);
let sink = 0;
const sealed: { type: string; data: object; eventId: string }[] = [];
const baseline = time('baseline: canonical bytes, personal in clear', () => {
  for (const event of events) sink += canonicalJson(event.data).length;
});
const sealing = time('sealed: encrypt personal fields, canonical', () => {
  events.forEach((event, i) => {
    const eventId = `e-${i}`;
    const data = sealPersonalFields(
      event.data,
      personalFieldsOf(event.type),
      keyFor(Math.floor(i / 8)),
      eventId,
    );
    sink += canonicalJson(data).length;
    sealed.push({ type: event.type, data, eventId });
  });
});
time('opened: decrypt personal fields (a view)', () => {
  sealed.forEach((event, i) => {
    const key = keyFor(Math.floor(i / 8));
    sink += JSON.stringify(
      openPersonalFields(
        event.data,
        personalFieldsOf(event.type),
        new Map([[key.scope, key]]),
        event.eventId,
      ).data,
    ).length;
  });
});
const clear = events.reduce((n, e) => n + canonicalJson(e.data).length, 0);
const stored = sealed.reduce((n, e) => n + canonicalJson(e.data).length, 0);
const micros = (rate: number) => 1e6 / rate;
console.log(
  `sealing adds ${(micros(sealing) - micros(baseline)).toFixed(1)} µs of CPU per event; stored bytes ${(stored / clear).toFixed(2)}× (${Math.round(clear / events.length)} → ${Math.round(stored / events.length)} bytes/event)`,
);
console.log(`peak RSS of this process: ${Math.round(peakRssOf(process.pid) / 1024 / 1024)} MB`);
if (sink < 0) console.log(sink);
