import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

type Entry = {
  type: string;
  line: string;
  at: string;
  late: boolean;
  globalPosition: number;
  data: Record<string, unknown>;
};

/**
 * Issue 15, "Deliveries as they really happen": the owner's own use after a confirmed lock, and facts
 * the courier's app or the car sync late. Each is recorded truthfully and blames no courier.
 */
describe('the owner’s own use and late facts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Unlocked at 14:00, the car's unlock confirmed; no closure reported yet (the courier has no signal). */
  async function unlocked(): Promise<Journey> {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:04'));
    expect((await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
    return j;
  }

  const entries = async (j: Journey, role: 'investigator' | 'customer' = 'investigator') =>
    (await j.timeline(role)).entries as unknown as Entry[];
  const released = async (j: Journey) =>
    (await j.get('release', 'delivery-service')).body.released as boolean;
  const codes = async (j: Journey) => (await j.anomalies()).map((a) => a.code);

  it('(a) records the owner fetching the package after completion as the owner’s, blaming no courier', async () => {
    const j = await unlocked();
    expect((await j.closure('opened', '14:00:41')).status).toBe(200);
    expect((await j.dropPackage('14:01:10')).status).toBe(200);
    expect((await j.closure('closed', '14:01:30')).status).toBe(200);
    await j.lockAndComplete();

    // At 16:00 the owner opens the car with their own key: Volvo reads it unlocked, tailgate open.
    t.clock.set(at('16:00:05'));
    const read = await j.oem(
      'doors',
      volvoDoors(at('16:00:00'), { centralLock: 'UNLOCKED', tailgate: 'OPEN' }),
    );
    expect(read.status).toBe(200);
    expect(read.body.events.map((e: { type: string }) => e.type)).toEqual([
      'VehicleStatusReported',
      'ClosureOpened',
    ]);
    t.clock.set(at('16:02:05'));
    await j.oem('doors', volvoDoors(at('16:02:00'), { centralLock: 'LOCKED' }));

    const all = await entries(j);
    const owners = all.filter(
      (e) => e.globalPosition > all.find((x) => x.type === 'DeliveryCompleted')!.globalPosition,
    );
    expect(owners.map((e) => [e.type, e.data.attributedTo])).toEqual([
      ['VehicleStatusReported', 'owner'],
      ['ClosureOpened', 'owner'],
      ['VehicleStatusReported', 'owner'],
      ['ClosureClosed', 'owner'],
    ]);
    const opened = owners.find((e) => e.type === 'ClosureOpened')!;
    expect(opened.line).toBe('Trunk opened by the owner at 16:00:00');
    expect(all.filter((e) => /by courier c-123/.test(e.line)).map((e) => e.at)).toEqual([
      at('14:00:41'),
    ]);

    const found = await codes(j);
    expect(found).not.toContain('unlock_without_grant');
    expect(found).not.toContain('vehicle_open_while_no_grant');
    expect(await released(j)).toBe(true);

    // The customer's own proof page says the same: the owner, not the courier.
    const proof = await entries(j, 'customer');
    expect(
      proof.find((e) => e.type === 'ClosureOpened' && e.data.attributedTo === 'owner')!.line,
    ).toBe('Trunk opened by the owner at 16:00:00');
    expect(
      proof.filter((e) => e.at > at('14:02:00')).some((e) => /courier c-123/.test(e.line)),
    ).toBe(false);
  });

  it('(b) keeps trunk facts stamped before the lock but synced after completion as history, placed when they happened', async () => {
    const j = await unlocked();
    expect((await j.dropPackage('14:01:10')).status).toBe(200);
    await j.lockAndComplete();

    // The courier's app comes back online at 14:10 and sends what it saw in the garage.
    t.clock.set(at('14:10:00'));
    for (const [state, time] of [
      ['opened', '14:00:41'],
      ['closed', '14:01:30'],
    ] as const) {
      const res = await j.post('closures', { closure: 'trunk', state, vehicleTimestamp: at(time) });
      expect(res.status).toBe(200);
    }
    // And the car's cloud delivers a read it cached at 14:01:00, trunk open.
    t.clock.set(at('14:10:05'));
    const cached = await j.oem(
      'doors',
      volvoDoors(at('14:01:00'), { centralLock: 'UNLOCKED', tailgate: 'OPEN' }),
    );
    expect(cached.body.events.map((e: { type: string }) => e.type)).toEqual([
      'VehicleStatusReported',
    ]);

    expect(await released(j)).toBe(true);
    const timeline = await j.timeline();
    expect(timeline).toMatchObject({ phase: 'completed', released: true });
    const found = await codes(j);
    expect(found).not.toContain('vehicle_open_while_no_grant');
    expect(found).not.toContain('unlock_without_grant');

    // Placed by the car's time, before the lock; the ledger order stays in each entry's position.
    const all = timeline.entries as unknown as Entry[];
    const order = all.map((e) => e.type);
    const openedAt = order.indexOf('ClosureOpened');
    expect(openedAt).toBeLessThan(order.indexOf('PackagePlaced'));
    expect(order.indexOf('ClosureClosed')).toBeLessThan(order.indexOf('LockRequested'));
    expect(all[openedAt]).toMatchObject({
      at: at('14:00:41'),
      late: true,
      data: { timeVerdict: 'superseded' },
    });
    expect(all[openedAt]!.line).toMatch(/recorded as history, changes nothing/);
    expect(all.at(-1)!.type).toBe('DeliveryCompleted');
    expect(all.find((e) => e.type === 'DeliveryCompleted')!.late).toBe(false);
  });
});
