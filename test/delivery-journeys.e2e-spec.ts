import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { canonicalEventText, canonicalRecordOf } from '../src/event-store/canonical-event.js';
import { GENESIS_HASH } from '../src/event-store/hash-chain.js';
import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { at, FAR_AWAY, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  gmCommandResponse,
  teslaCommand,
  teslaVehicleData,
  volvoDoors,
  volvoInvoke,
} from './support/vendor-payloads.js';

describe('delivery journeys over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function dropAndClose(journey: Journey) {
    expect((await journey.unlock('14:00:00')).status).toBe(200);
    return journey;
  }

  async function expectChainIntact(journey: Journey) {
    let previous = GENESIS_HASH;
    for (const event of await t.database.store.readStream(deliveryStreamId(journey.deliveryId))) {
      previous = createHash('sha256')
        .update(previous)
        .update(canonicalEventText(canonicalRecordOf(event)))
        .digest();
      expect(event.metadata.hash).toBe(previous.toString('hex'));
    }
  }

  it('delivers into a Volvo: grant, unlock, open, drop, close, lock, confirmed, complete', async () => {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    t.clock.set(at('12:30:00'));
    expect(
      (
        await j.post(
          'location',
          { description: 'Garage P2, bay 41', position: { lat: 59.3293, lon: 18.0686 } },
          'customer',
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await j.post('approaching', {
          courierId: 'c-123',
          eta: at('14:00:00'),
          courierName: 'Alex',
        })
      ).status,
    ).toBe(200);
    await j.grant();
    await dropAndClose(j);
    t.clock.set(at('14:00:04'));
    const unlocked = await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    expect(unlocked.status).toBe(200);
    expect((await j.closure('opened', '14:00:41')).status).toBe(200);
    expect((await j.dropPackage('14:01:10')).status).toBe(200);
    expect((await j.closure('closed', '14:01:30')).status).toBe(200);
    expect((await j.requestLock('14:01:40')).status).toBe(200);
    expect((await j.get('release', 'delivery-service')).body.released).toBe(false);
    t.clock.set(at('14:01:45'));
    expect((await j.oem('commands/cmd-lock-1', volvoInvoke('COMPLETED'))).status).toBe(200);
    t.clock.set(at('14:01:50'));
    const doors = await j.oem('doors', volvoDoors(at('14:01:48')));
    expect(doors.status).toBe(200);
    expect(doors.body).toMatchObject({ lockConfirmed: true, lockVerdict: 'confirmed' });

    const release = await j.get('release', 'delivery-service');
    expect(release.body).toMatchObject({
      released: true,
      lockConfirmation: { commandId: 'cmd-lock-1', statusTimestamp: at('14:01:48') },
    });
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);

    expect(await j.eventTypes()).toEqual([
      'DeliveryScheduled',
      'VehicleLocationDeclared',
      'CourierApproaching',
      'AccessGranted',
      'UnlockRequested',
      'UnlockCommandResult',
      'ClosureOpened',
      'PackagePlaced',
      'ClosureClosed',
      'LockRequested',
      'LockCommandResult',
      'VehicleStatusReported',
      'LockConfirmed',
      'DeliveryCompleted',
    ]);
    const timeline = await j.timeline();
    expect(timeline.phase).toBe('completed');
    const positions = timeline.entries.map((e) => e.globalPosition);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    await expectChainIntact(j);
  });

  it('delivers into a GM car, confirming the lock from OnStar’s lockDoor completion', async () => {
    const j = new Journey(t, 'gm');
    await j.schedule();
    await j.grant();
    await dropAndClose(j);
    t.clock.set(at('14:00:20'));
    expect(
      (
        await j.oem(
          'commands/cmd-unlock-1',
          gmCommandResponse('unlockDoor', 'inProgress', at('14:00:01'), null),
        )
      ).body,
    ).toMatchObject({ lockConfirmed: false });
    expect(
      (
        await j.oem(
          'commands/cmd-unlock-1',
          gmCommandResponse('unlockDoor', 'success', at('14:00:01'), at('14:00:09')),
        )
      ).status,
    ).toBe(200);
    await j.closure('opened', '14:00:40');
    await j.dropPackage('14:01:00');
    await j.closure('closed', '14:01:20');
    await j.requestLock('14:01:30');
    t.clock.set(at('14:01:45'));
    const locked = await j.oem(
      'commands/cmd-lock-1',
      gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
    );
    expect(locked.body).toMatchObject({ lockConfirmed: true });
    expect((await j.get('release', 'delivery-service')).body.released).toBe(true);
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);
    const outcomes = (await j.timeline()).entries
      .filter((e) => e.type.endsWith('CommandResult'))
      .map((e) => e.data.outcome);
    expect(outcomes).toEqual(['pending', 'succeeded', 'succeeded']);
  });

  it('delivers into a Tesla, confirming the lock from vehicle_data', async () => {
    const j = new Journey(t, 'tesla');
    await j.schedule();
    await j.grant();
    await dropAndClose(j);
    expect((await j.oem('commands/cmd-unlock-1', teslaCommand(true))).status).toBe(200);
    t.clock.set(at('14:00:30'));
    const open = await j.oem(
      'vehicle-data',
      teslaVehicleData(at('14:00:30'), { locked: false, rt: 1 }),
    );
    expect(open.body).toMatchObject({ lockConfirmed: false, lockVerdict: 'no_lock_request' });
    await j.dropPackage('14:01:00');
    t.clock.set(at('14:01:20'));
    await j.oem('vehicle-data', teslaVehicleData(at('14:01:20'), { locked: false, rt: 0 }));
    await j.requestLock('14:01:30');
    expect((await j.oem('commands/cmd-lock-1', teslaCommand(true))).status).toBe(200);
    t.clock.set(at('14:01:40'));
    expect((await j.oem('vehicle-data', teslaVehicleData(at('14:01:38')))).body).toMatchObject({
      lockConfirmed: true,
    });
    t.clock.set(at('14:02:00'));
    expect((await j.post('complete', {})).status).toBe(200);
    const types = await j.eventTypes();
    expect(types.filter((type) => type.startsWith('Closure'))).toEqual([
      'ClosureOpened',
      'ClosureClosed',
    ]);
  });

  it('denies the unlock when the customer blocks at the last minute', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    t.clock.set(at('13:59:58'));
    const blocked = await j.post('block', { reason: 'Changed my mind' }, 'customer');
    expect(blocked.status).toBe(200);
    expect(blocked.body.events.map((e: { type: string }) => e.type)).toEqual([
      'InCarDeliveryBlocked',
      'AccessRevoked',
    ]);
    const unlock = await j.unlock('14:00:00');
    expect(unlock.status).toBe(422);
    expect(unlock.body.error).toMatchObject({
      code: 'UNLOCK.DENIED',
      details: { reason: 'blocked', commandId: 'cmd-unlock-1' },
    });
    expect((await j.eventTypes()).slice(-2)).toEqual(['UnlockRequested', 'UnlockDenied']);
  });

  it('denies an unlock after the grant window, and records the denial', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    const unlock = await j.unlock('15:00:01');
    expect(unlock.status).toBe(422);
    expect(unlock.body.error.details.reason).toBe('expired');
    expect(unlock.body.error.details.recorded.map((e: { type: string }) => e.type)).toEqual([
      'UnlockRequested',
      'UnlockDenied',
    ]);
  });

  it('denies an unlock outside the geofence', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    const unlock = await j.unlock('14:00:00', { courierPosition: FAR_AWAY });
    expect(unlock.status).toBe(422);
    expect(unlock.body.error.details.reason).toBe('outside_geofence');
  });

  it('denies an unlock that replays a nonce', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant({ singleUse: false });
    expect((await j.unlock('14:00:00')).status).toBe(200);
    const replay = await j.unlock('14:00:30', { commandId: 'cmd-unlock-2' });
    expect(replay.status).toBe(422);
    expect(replay.body.error.details.reason).toBe('replayed_nonce');
  });

  it('does not confirm the lock from a status stamped before the lock command beyond the tolerance', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    await dropAndClose(j);
    await j.closure('opened', '14:00:40');
    await j.closure('closed', '14:01:20');
    await j.requestLock('14:01:30');
    t.clock.set(at('14:01:35'));
    const stale = await j.oem('doors', volvoDoors(at('14:01:24')));
    expect(stale.status).toBe(200);
    expect(stale.body).toMatchObject({
      lockConfirmed: false,
      lockVerdict: 'status_before_lock_command',
    });
    expect((await j.get('release', 'delivery-service')).body.released).toBe(false);
    const complete = await j.post('complete', {});
    expect(complete.status).toBe(422);
    expect(complete.body.error.code).toBe('DELIVERY.LOCK_NOT_CONFIRMED');
  });

  it('refuses a completion without a lock confirmation, and records the refusal', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    await dropAndClose(j);
    const complete = await j.post('complete', {});
    expect(complete.status).toBe(422);
    expect(complete.body.error).toMatchObject({
      code: 'DELIVERY.LOCK_NOT_CONFIRMED',
      details: { recorded: [{ type: 'CommandRefused' }] },
    });
    expect((await j.timeline()).phase).toBe('open');
  });

  it('stores a duplicate webhook once and answers it the same', async () => {
    const j = new Journey(t);
    await j.schedule();
    await j.grant();
    await dropAndClose(j);
    t.clock.set(at('14:00:05'));
    const first = await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    t.clock.set(at('14:00:35'));
    const retry = await j.oem('commands/cmd-unlock-1', volvoInvoke('COMPLETED'));
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect((await j.eventTypes()).filter((type) => type === 'UnlockCommandResult')).toHaveLength(1);
  });

  it('lets one of two racing writers win; the other gets 409 and stores nothing', async () => {
    const j = new Journey(t);
    await j.schedule();
    t.clock.set(at('13:00:00'));
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        j.post('approaching', { courierId: `c-${i}`, eta: at('14:00:00') }),
      ),
    );
    const statuses = attempts.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 409).length).toBeGreaterThan(0);
    for (const lost of attempts.filter((r) => r.status === 409)) {
      expect(lost.body.error.code).toBe('STREAM.CONFLICT');
    }
    const stored = (await j.timeline()).entries.filter((e) => e.type === 'CourierApproaching');
    const winners = attempts.filter((r) => r.status === 200).map((r) => r.body.events[0].eventId);
    expect(stored.map((e) => (e as unknown as { eventId: string }).eventId).sort()).toEqual(
      winners.sort(),
    );
  });
});
