import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { at, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { volvoDoors, volvoInvoke } from './support/vendor-payloads.js';

interface Entry {
  type: string;
  line: string;
  actor: { id: string; role: string };
  data: Record<string, unknown>;
}

/**
 * Deliveries as they really happen (issue 15): a failed unlock, the car's own relock, a car left
 * unlocked, the customer stopping a delivery in progress — each recorded truthfully, through the
 * real app, with Volvo's own payloads.
 */
describe('unlocks as they really happen', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const entries = async (j: Journey) => (await j.timeline()).entries as unknown as Entry[];
  const codes = async (j: Journey) => (await j.anomalies()).map((a) => a.code);
  const pending = async (vendor: 'volvo' | 'gm', asked?: string) => {
    const token = await t.token('oem-connector', `${vendor}-connector`, vendor);
    await t.settle();
    const res = await t.http
      .get(`/v1/lock-requests/pending${asked ? `?vendor=${asked}` : ''}`)
      .set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body.items as { deliveryId: string; commandId: string; requestedBy: string }[];
  };
  const pendingFor = async (j: Journey, vendor: 'volvo' | 'gm' = 'volvo', asked?: string) =>
    (await pending(vendor, asked)).filter((p) => p.deliveryId === j.deliveryId);

  async function unlocked(j: Journey, grant: object = {}) {
    await j.schedule();
    await j.grant(grant);
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:04'));
    expect((await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
  }

  it('frees the single-use grant when Volvo says the car never ran the unlock: the retry opens the car, nothing is flagged', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:05'));
    await j.oem('commands/cmd-unlock-1', volvoInvoke('CAR_IN_SLEEP_MODE'));
    // While the car may have run it, the grant is spent: a retry now is refused.
    const early = await j.unlock('14:00:10', { commandId: 'cmd-unlock-2', nonce: 'nonce-0002' });
    expect([early.status, early.body.error.details.reason]).toEqual([422, 'grant_used']);
    t.clock.set(at('14:00:20'));
    await j.oem('commands/cmd-unlock-1', volvoInvoke('CONNECTION_FAILURE'));
    const retry = await j.unlock('14:00:30', { commandId: 'cmd-unlock-3', nonce: 'nonce-0003' });
    expect(retry.status).toBe(200);
    t.clock.set(at('14:00:34'));
    await j.oem('commands/cmd-unlock-3', volvoInvoke('COMPLETED'));
    await j.closure('opened', '14:00:50');
    // A delivery completes only with a package placed (DELIVERY.NO_PACKAGE otherwise).
    expect((await j.dropPackage('14:01:00')).status).toBe(200);
    await j.closure('closed', '14:01:30');
    await j.requestLock('14:01:40');
    t.clock.set(at('14:01:50'));
    expect((await j.oem('doors', volvoDoors(at('14:01:48')))).body.lockConfirmed).toBe(true);
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);

    const lines = (await entries(j)).map((e) => e.line);
    expect(lines).toContain(
      'Volvo answers the unlock command: CONNECTION_FAILURE (failed) at 14:00:20; the car did not run it: grant g-1 may be used again',
    );
    expect(
      lines.filter((l) => l.startsWith('Trunk opened by courier c-123 at 14:00:50')),
    ).toHaveLength(1);
    // The refusal while the first was pending was no second opening: the first never ran.
    const found = await codes(j);
    expect(found).not.toContain('grant_reused');
    expect(found).not.toContain('unlock_without_grant');
  });

  it('allows a new unlock once the car locked itself again with nothing opened, and flags a real second opening', async () => {
    const j = new Journey(t);
    await unlocked(j);
    // Before the car relocks, a second unlock on the single-use grant is a second opening.
    const second = await j.unlock('14:00:40', { commandId: 'cmd-unlock-2', nonce: 'nonce-0002' });
    expect([second.status, second.body.error.details.reason]).toEqual([422, 'grant_used']);
    t.clock.set(at('14:02:10'));
    const relock = await j.oem('doors', volvoDoors(at('14:02:05')));
    expect(relock.body).toMatchObject({ lockConfirmed: false, lockVerdict: 'no_lock_request' });
    expect(relock.body.events.map((e: { type: string }) => e.type)).toEqual([
      'VehicleStatusReported',
      'CarRelocked',
    ]);
    const again = await j.unlock('14:03:00', { commandId: 'cmd-unlock-3', nonce: 'nonce-0003' });
    expect(again.status).toBe(200);

    const lines = (await entries(j)).map((e) => e.line);
    expect(lines).toContain(
      'The car locked itself again at 14:02:05 with nothing opened since unlock cmd-unlock-1: grant g-1 may be used again',
    );
    expect((await j.anomalies()).filter((a) => a.code === 'grant_reused')).toHaveLength(1);
  });

  it('records a car left unlocked, asks the carmaker’s connector to lock it, and clears once the lock is confirmed', async () => {
    const j = new Journey(t);
    await unlocked(j);
    // Nothing opens; the grant ends; nobody asks for a lock.
    await t.settle();
    t.clock.set(at('14:04:59'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await j.eventTypes()).not.toContain('CarLeftUnlocked');
    t.clock.set(at('14:05:10'));
    await waitFor(async () => (await j.eventTypes()).includes('CarLeftUnlocked'));

    const [left, lock] = (await entries(j)).slice(-2);
    expect(left).toMatchObject({
      type: 'CarLeftUnlocked',
      actor: { id: 'watchdog', role: 'system' },
      data: {
        unlockCommandIds: ['cmd-unlock-1'],
        unlockedSince: at('14:00:00'),
        dueAt: at('14:05:00'),
        lockCommandId: 'ledger-lock-1',
      },
      line: 'Car left unlocked: unlocked since 14:00:00 (command cmd-unlock-1) and no lock confirmed by 14:05:00; the ledger asked for a lock (command ledger-lock-1)',
    });
    expect(lock).toMatchObject({
      type: 'LockRequested',
      actor: { role: 'system' },
      data: { commandId: 'ledger-lock-1' },
      line: expect.stringMatching(/^Lock requested by the ledger at 14:05:/),
    });
    expect(await j.anomalies()).toEqual([
      expect.objectContaining({ code: 'car_left_unlocked', severity: 'critical' }),
    ]);
    const release = (await j.get('release', 'delivery-service')).body;
    expect(release).toMatchObject({ released: false });
    expect(release.reason).toBe(
      `The car was left unlocked: unlocked since ${at('14:00:00')} with no lock confirmed by ${at('14:05:00')}; the ledger asked for a lock (command ledger-lock-1)`,
    );

    // Volvo's connector finds it; GM's finds none of Volvo's, asking for its own or for Volvo's.
    expect(await pendingFor(j)).toEqual([
      expect.objectContaining({
        commandId: 'ledger-lock-1',
        requestedBy: 'system',
        vendor: 'volvo',
        vehicleId: j.vehicleId,
      }),
    ]);
    expect(await pendingFor(j, 'volvo', 'volvo')).toHaveLength(1);
    expect(await pendingFor(j, 'gm')).toEqual([]);
    expect(await pendingFor(j, 'gm', 'volvo')).toEqual([]);

    // Carried out like any lock command: its result, then the car's read confirms it.
    t.clock.set(at('14:05:20'));
    expect((await j.oem('commands/ledger-lock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
    t.clock.set(at('14:05:30'));
    expect((await j.oem('doors', volvoDoors(at('14:05:25')))).body.lockConfirmed).toBe(true);
    expect(await pendingFor(j)).toEqual([]);
    expect((await j.get('release', 'delivery-service')).body.released).toBe(true);
    // Once, for the stretch: the watchdog asks no more.
    t.clock.set(at('14:20:00'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await j.eventTypes()).filter((type) => type === 'CarLeftUnlocked')).toHaveLength(1);
  });

  it('lets the customer stop a delivery in progress: a lock request, then a block that revokes the multi-use grant', async () => {
    const j = new Journey(t);
    await unlocked(j, { singleUse: false });
    t.clock.set(at('14:00:30'));
    const lock = await j.post('lock-requests', { commandId: 'cust-lock-1' }, 'customer');
    expect(lock.status).toBe(200);
    const stranger = new Journey(t);
    const elsewhere = await t.http
      .post(`/v1/deliveries/${j.deliveryId}/lock-requests`)
      .set('authorization', `Bearer ${await t.token('customer', stranger.customerId)}`)
      .send({ commandId: 'cust-lock-2' });
    expect(elsewhere.status).toBe(404);

    t.clock.set(at('14:01:00'));
    const blocked = await j.post('block', { reason: 'I need the car now' }, 'customer');
    expect(blocked.status).toBe(200);
    expect(blocked.body.events.map((e: { type: string }) => e.type)).toEqual([
      'InCarDeliveryBlocked',
      'AccessRevoked',
      'LockRequested',
    ]);
    const recorded = (await entries(j)).slice(-4);
    expect(recorded.map((e) => [e.type, e.actor.role, e.data])).toEqual([
      ['LockRequested', 'customer', { commandId: 'cust-lock-1', requestedAt: at('14:00:30') }],
      [
        'InCarDeliveryBlocked',
        'customer',
        { customerId: j.customerId, reason: 'I need the car now', blockedBy: 'customer' },
      ],
      ['AccessRevoked', 'customer', { grantId: 'g-1', reason: 'customer_blocked' }],
      ['LockRequested', 'customer', { commandId: 'block-lock-2', requestedAt: at('14:01:00') }],
    ]);
    expect(recorded[0]!.line).toBe(
      'Lock requested by the customer at 14:00:30 (command cust-lock-1)',
    );
    expect((await pendingFor(j)).map((p) => [p.commandId, p.requestedBy])).toEqual([
      ['cust-lock-1', 'customer'],
      ['block-lock-2', 'customer'],
    ]);

    // The multi-use grant no longer opens the car.
    const after = await j.unlock('14:02:00', { commandId: 'cmd-unlock-2', nonce: 'nonce-0002' });
    expect([after.status, after.body.error.details.reason]).toEqual([422, 'blocked']);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
