import { expect } from '@jest/globals';

import { at, Journey } from './journey.js';
import type { TestApp } from './test-app.js';
import { volvoDoors, volvoInvoke } from './vendor-payloads.js';

/** The personal data one delivery carries, each value distinctive enough to be searched for. */
export interface PersonalValues {
  readonly plate: string;
  readonly description: string;
  readonly courierName: string;
  /** Coordinates as they were sent: 7 decimals no geohash or rounding could produce. */
  readonly coordinates: readonly string[];
  readonly vin: string;
}

/**
 * A whole Volvo delivery with every kind of personal data: the car linked with its plate, the car's
 * place and position, the courier's name, the geofence, the courier's position, a drop photo with a
 * geotag, raw vendor payloads; completed once the lock is confirmed.
 */
export async function privateDelivery(
  t: TestApp,
  n: number,
  options: { readonly refusedUnlockFromAfar?: boolean } = {},
): Promise<{ journey: Journey; values: PersonalValues }> {
  const j = new Journey(t, 'volvo');
  const lat = (k: number) => Number((59.3293 + n * 0.001 + k * 0.0000101 + 0.0000007).toFixed(7));
  const lon = 18.0686253 + n * 0.001;
  const point = (k: number) => ({ lat: lat(k), lon: Number(lon.toFixed(7)) });
  const values: PersonalValues = {
    plate: `KT${String(n).padStart(3, '0')} XQ`,
    description: `Blue Volvo behind gym ${n}, level -2`,
    courierName: `Alexandra Lindqvist${n}`,
    coordinates: [0, 1, 2, 3].map((k) => String(lat(k))),
    vin: 'YV1CT9551B1570982',
  };
  const ok = (res: { status: number; body: unknown }, status = 200) =>
    expect({ status: res.status, body: res.body }).toMatchObject({ status });

  await j.schedule();
  await j.linkVehicle(values.plate);
  t.clock.set(at('12:30:00'));
  ok(await j.post('location', { description: values.description, position: point(0) }, 'customer'));
  ok(
    await j.post('approaching', {
      courierId: `c-${n}`,
      eta: at('14:00:00'),
      courierName: values.courierName,
    }),
  );
  await j.grant({ courierId: `c-${n}`, geofence: { center: point(1), radiusM: 50 } });
  if (options.refusedUnlockFromAfar) {
    // 300 m north of the car: refused (outside the geofence), recorded, and flagged as an anomaly.
    const afar = await j.unlock('13:58:00', {
      courierId: `c-${n}`,
      courierPosition: { lat: lat(2) + 0.0027, lon: point(2).lon },
      commandId: 'cmd-unlock-afar',
      nonce: 'nonce-afar-1',
    });
    expect(afar.status).toBe(422);
  }
  ok(await j.unlock('14:00:00', { courierId: `c-${n}`, courierPosition: point(2) }));
  t.clock.set(at('14:00:05'));
  ok(await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED')));
  ok(await j.closure('opened', '14:00:40'));
  ok(await j.dropPackage('14:01:00', point(3)));
  ok(await j.closure('closed', '14:01:20'));
  ok(await j.requestLock('14:01:30'));
  t.clock.set(at('14:01:40'));
  ok(await j.oem('doors', volvoDoors(at('14:01:38'))));
  t.clock.set(at('14:02:00'));
  ok(await j.post('complete', {}));
  return { journey: j, values };
}

/** Every plaintext personal value of a delivery found in a text. */
export const plaintextIn = (text: string, values: PersonalValues): string[] =>
  [values.plate, values.description, values.courierName, values.vin, ...values.coordinates].filter(
    (value) => text.includes(value),
  );
