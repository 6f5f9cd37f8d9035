import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createProjections } from '../projections/delivery-projections.js';
import { checkDeterminism } from '../projections/runtime/rebuild.js';
import { at, FAR_AWAY, Journey } from './support/journey.js';
import { openApprovedCase } from './support/cases.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  gmCommandResponse,
  teslaCommand,
  teslaVehicleData,
  volvoDoors,
  volvoInvoke,
} from './support/vendor-payloads.js';

describe('determinism: a rebuild from zero gives the live rows, byte for byte', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function happyPath(vendor: 'volvo' | 'gm' | 'tesla') {
    const j = new Journey(t, vendor);
    await j.schedule();
    await j.linkVehicle(`ABC ${vendor.length}${vendor}`);
    await j.post('approaching', { courierId: 'c-123', eta: at('14:00:00'), courierName: 'Alex' });
    await j.grant();
    await j.unlock('14:00:00');
    t.clock.set(at('14:00:05'));
    if (vendor === 'volvo') await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    if (vendor === 'gm')
      await j.oem(
        'commands/cmd-unlock-1',
        gmCommandResponse('unlockDoor', 'success', at('14:00:01'), at('14:00:04')),
      );
    if (vendor === 'tesla') await j.oem('commands/cmd-unlock-1', teslaCommand(true));
    await j.closure('opened', '14:00:40');
    await j.dropPackage('14:01:00');
    await j.closure('closed', '14:01:20');
    await j.requestLock('14:01:30');
    t.clock.set(at('14:01:40'));
    if (vendor === 'volvo') await j.oem('doors', volvoDoors(at('14:01:38')));
    if (vendor === 'gm')
      await j.oem(
        'commands/cmd-lock-1',
        gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:37')),
      );
    if (vendor === 'tesla') await j.oem('vehicle-data', teslaVehicleData(at('14:01:38')));
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);
    return j;
  }

  it('after a realistic mixed workload, every projection rebuilds to identical rows', async () => {
    const happy: Journey[] = [];
    for (const vendor of ['volvo', 'gm', 'tesla'] as const) happy.push(await happyPath(vendor));

    const blocked = new Journey(t);
    await blocked.schedule();
    await blocked.grant();
    t.clock.set(at('13:59:00'));
    await blocked.post('block', { reason: 'changed my mind' }, 'customer');
    await blocked.unlock('14:00:00');

    const troubled = new Journey(t);
    await troubled.schedule();
    await troubled.grant({ singleUse: false });
    await troubled.unlock('14:00:00', { courierPosition: FAR_AWAY });
    await troubled.unlock('14:00:10', { commandId: 'cmd-unlock-2', nonce: 'nonce-0002' });
    await troubled.unlock('14:00:20', { commandId: 'cmd-unlock-3', nonce: 'nonce-0002' });
    t.clock.set(at('14:00:25'));
    await troubled.oem('commands/cmd-unlock-2', volvoInvoke('UNKNOWN'));
    await troubled.oem('commands/cmd-unlock-2', volvoInvoke('UNKNOWN'));
    await troubled.closure('opened', '14:00:40');
    await troubled.closure('closed', '14:01:00');
    await troubled.requestLock('14:01:10');
    t.clock.set(at('14:01:20'));
    await troubled.oem('doors', volvoDoors(at('14:01:05')));
    await troubled.post('complete', {});
    await t.settle();
    t.clock.set(at('14:03:30'));
    await waitFor(async () => (await troubled.eventTypes()).includes('LockConfirmationOverdue'));
    t.clock.set(at('15:00:30'));
    await waitFor(async () => (await troubled.eventTypes()).includes('GrantExpired'));
    await troubled.post('fail', { reason: 'courier could not lock', fallback: 'returned' });

    // An investigation: a case over the happy paths, and reveals of each (recorded, tallied).
    const investigator = { authorization: `Bearer ${await t.token('investigator', 'inv-1')}` };
    const covered = happy.map((j) => j.deliveryId);
    await openApprovedCase(t, {
      caseId: 'case-det',
      deliveryIds: covered,
      reason: 'determinism workload',
    });
    for (const deliveryId of covered) {
      const res = await t.http
        .get(`/v1/deliveries/${deliveryId}/timeline?caseId=case-det`)
        .set(investigator);
      expect(res.status).toBe(200);
    }

    const racing = new Journey(t);
    await racing.schedule();
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        racing.post('approaching', { courierId: `c-${i}`, eta: at('14:00:00') }),
      ),
    );

    await t.settle();
    await t.projections.stop();
    for (const projection of createProjections()) {
      const report = await checkDeterminism(t.database.store, t.database.dataSource, projection);
      for (const table of report.tables) {
        expect({ projection: report.projection, ...table }).toMatchObject({ identical: true });
        // The deadlines and pending locks may all have come and gone by the end.
        const mayBeEmpty = ['watchdog-deadlines', 'pending-lock-requests'].includes(
          projection.name,
        );
        expect(table.rows).toBeGreaterThan(mayBeEmpty ? -1 : 0);
      }
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
