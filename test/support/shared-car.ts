import { expect } from '@jest/globals';

import { at, Journey } from './journey.js';
import type { TestApp } from './test-app.js';
import { volvoInvoke } from './vendor-payloads.js';

/**
 * Two deliveries into one customer's car (plate ABC 123) whose grants overlap: A 13:30–15:00 for
 * c-123, B 13:45–15:30 for c-456. Both couriers unlock it; A completes locked at 14:02; then B's
 * courier opens the trunk at 14:10.
 */
export async function overlappingDeliveries(t: TestApp): Promise<{ a: Journey; b: Journey }> {
  const a = new Journey(t, 'volvo');
  const b = new Journey(t, 'volvo', { customerId: a.customerId, vehicleId: a.vehicleId });
  await a.schedule();
  await a.linkVehicle('ABC 123');
  await a.grant();
  await b.schedule();
  await b.grant({ courierId: 'c-456', notBefore: at('13:45:00'), notAfter: at('15:30:00') });

  expect((await a.unlock('14:00:00')).status).toBe(200);
  t.clock.set(at('14:00:04'));
  expect((await a.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
  expect((await b.unlock('14:00:30', { courierId: 'c-456' })).status).toBe(200);
  t.clock.set(at('14:00:34'));
  expect((await b.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'))).status).toBe(200);

  expect((await a.closure('opened', '14:00:41')).status).toBe(200);
  expect((await a.dropPackage('14:01:10')).status).toBe(200);
  expect((await a.closure('closed', '14:01:30')).status).toBe(200);
  await a.lockAndComplete();

  // A completed locked; B's courier, whose grant is still live, opens the trunk.
  expect((await b.closure('opened', '14:10:00')).status).toBe(200);
  return { a, b };
}
