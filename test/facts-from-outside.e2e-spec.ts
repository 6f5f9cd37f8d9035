import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { deliveryStreamId } from '../src/domain/delivery/delivery.events.js';
import { PersonalDataVault } from '../src/privacy/personal-data-vault.js';
import { at, Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import {
  gmCommandResponse,
  teslaVehicleData,
  volvoDoors,
  volvoWindows,
} from './support/vendor-payloads.js';

/**
 * Issue 13, "Facts the ledger can trust": every timestamp, alias and flag a carmaker sends is a claim.
 * One journey per attack, through the real app and PostgreSQL; each shows the ledger is not fooled.
 */
describe('facts from outside: the ledger is not fooled by what a carmaker claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const stored = (j: Journey) => t.database.store.readStream(deliveryStreamId(j.deliveryId));

  /** Scheduled, granted, unlocked, (trunk opened and closed), lock requested at 14:01:30. */
  async function lockRequested(
    vendor: Journey['vendor'],
    target: 'trunk' | 'cabin' = 'trunk',
  ): Promise<Journey> {
    const j = new Journey(t, vendor);
    await j.schedule({ target });
    await j.grant({ scope: target });
    expect((await j.unlock('14:00:00')).status).toBe(200);
    if (target === 'trunk') {
      expect((await j.closure('opened', '14:00:40')).status).toBe(200);
      expect((await j.closure('closed', '14:01:20')).status).toBe(200);
    }
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    return j;
  }

  const released = async (j: Journey) =>
    (await j.get('release', 'delivery-service')).body.released as boolean;

  const types = (body: { events: { type: string }[] }) => body.events.map((e) => e.type);

  it('(1) records a read stamped in 2099 as evidence only; the real unlocked read that follows counts', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:35'));
    const future = await j.oem('doors', volvoDoors('2099-01-01T00:00:00.000Z'));
    expect(future.status).toBe(200);
    expect(future.body).toMatchObject({ lockVerdict: 'timestamp_in_future', lockConfirmed: false });
    expect(types(future.body)).toEqual(['VehicleStatusReported']);
    await t.settle();
    const afterFuture = (await j.timeline()).entries.at(-1) as unknown as {
      stateAfter: { vehicle: string; courierReleased: boolean };
    };
    expect(afterFuture.stateAfter).toMatchObject({ vehicle: 'unlocked', courierReleased: false });

    t.clock.set(at('14:01:40'));
    const real = await j.oem(
      'doors',
      volvoDoors(at('14:01:39'), { centralLock: 'UNLOCKED', tailgate: 'OPEN' }),
    );
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ lockVerdict: 'not_locked', lockConfirmed: false });
    expect(types(real.body)).toEqual(['VehicleStatusReported', 'ClosureOpened']);

    expect(await released(j)).toBe(false);
    t.clock.set(at('14:02:00'));
    const complete = await j.post('complete', {});
    expect(complete.status).toBe(422);
    expect(complete.body.error.code).toBe('DELIVERY.LOCK_NOT_CONFIRMED');

    const futureAnomalies = (await j.anomalies()).filter((a) => a.code === 'future_timestamp');
    expect(futureAnomalies).toHaveLength(1);
    expect(futureAnomalies[0]).toMatchObject({ severity: 'high' });
    expect(futureAnomalies[0]!.evidence.at(-1)).toBe(future.body.events[0].globalPosition);
  });

  it('(4a) does not confirm from a tailgate read in 2020 sent with a fresh central lock', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:40'));
    const payload = volvoDoors(at('14:01:38'));
    payload.data.tailgate = { value: 'CLOSED', timestamp: '2020-01-01T00:00:00.000Z' };
    const res = await j.oem('doors', payload);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lockVerdict: 'status_stale', lockConfirmed: false });
    expect(await released(j)).toBe(false);
  });

  it('(4b) records a payload whose tailgate and tailGate disagree as a contradiction, raw as sent', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:40'));
    const payload = volvoDoors(at('14:01:38'), { tailgate: 'OPEN' });
    const body = {
      data: { ...payload.data, tailGate: { value: 'CLOSED', timestamp: at('14:01:38') } },
    };
    const res = await j.oem('doors', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lockVerdict: 'contradictory_payload', lockConfirmed: false });
    expect(types(res.body)).toEqual(['VehicleStatusReported']);
    expect(await released(j)).toBe(false);

    // The verbatim payload is sealed personal data: opened here as only the ledger itself can.
    const sealed = (await stored(j)).filter((e) => e.type === 'VehicleStatusReported');
    const [read] = await t.app.get(PersonalDataVault).open(sealed);
    const raw = (read!.data as { raw: typeof body }).raw;
    expect(raw.data.tailgate).toEqual({ value: 'OPEN', timestamp: at('14:01:38') });
    expect(raw.data.tailGate).toEqual({ value: 'CLOSED', timestamp: at('14:01:38') });
  });

  /** A body sent as the exact text given: JSON may state a member twice, which a JS object cannot. */
  const postText = async (j: Journey, path: string, text: string) =>
    t.http
      .post(`/v1/oem/${j.vendor}/${j.deliveryId}/${path}`)
      .set({
        authorization: `Bearer ${await t.token('oem-connector', `${j.vendor}-connector`, j.vendor)}`,
        'content-type': 'application/json',
      })
      .send(text);

  it('(4c) records a doors read stating tailgate twice with different values as a contradiction', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:40'));
    const stamp = at('14:01:38');
    const text =
      `{"data":{"centralLock":{"value":"LOCKED","timestamp":"${stamp}"},` +
      `"tailgate":{"value":"OPEN","timestamp":"${stamp}"},` +
      `"tailgate":{"value":"CLOSED","timestamp":"${stamp}"}}}`;
    const res = await postText(j, 'doors', text);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lockVerdict: 'contradictory_payload', lockConfirmed: false });
    expect(await released(j)).toBe(false);
    const [read] = (await stored(j)).filter((e) => e.type === 'VehicleStatusReported');
    expect((read!.data as { contradictions: string[] }).contradictions).toEqual([
      `data.tailgate is stated twice: {"timestamp":"${stamp}","value":"OPEN"} and {"timestamp":"${stamp}","value":"CLOSED"}`,
    ]);
  });

  it('(4c) answers a GM command result stating its status twice with 400, storing nothing', async () => {
    const j = await lockRequested('gm');
    t.clock.set(at('14:01:45'));
    const before = (await stored(j)).length;
    const text =
      `{"commandResponse":{"requestTime":"${at('14:01:31')}","completionTime":"${at('14:01:40')}",` +
      `"status":"failure","type":"lockDoor","status":"success"}}`;
    const res = await postText(j, 'commands/cmd-lock-1', text);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.INVALID');
    expect((await stored(j)).length).toBe(before);
  });

  it.each([9e15, 8.64e15])(
    '(5) answers a Tesla vehicle_state.timestamp of %d with 400 and stores nothing',
    async (timestamp) => {
      const j = await lockRequested('tesla');
      const before = (await stored(j)).length;
      t.clock.set(at('14:01:40'));
      const payload = teslaVehicleData(at('14:01:38'));
      payload.response.vehicle_state.timestamp = timestamp;
      const res = await j.oem('vehicle-data', payload);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('REQUEST.INVALID');
      expect((await stored(j)).length).toBe(before);
    },
  );

  it('(6a) confirms a read stamped 2 s before the lock request by a car whose clock is 3 s behind', async () => {
    const j = await lockRequested('volvo');
    t.clock.set(at('14:01:33'));
    const res = await j.oem('doors', volvoDoors(at('14:01:28')));
    expect(res.body).toMatchObject({ lockVerdict: 'confirmed', lockConfirmed: true });
    expect(await released(j)).toBe(true);
  });

  it('(6a) corrects the lock request by the offset learned from a car whose clock is 20 s behind', async () => {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    // The car's reads arrive 20 s after the moment its clock stamps them.
    t.clock.set(at('14:00:50'));
    await j.oem('doors', volvoDoors(at('14:00:30'), { centralLock: 'UNLOCKED', tailgate: 'OPEN' }));
    t.clock.set(at('14:01:25'));
    await j.oem('doors', volvoDoors(at('14:01:05'), { centralLock: 'UNLOCKED' }));
    expect((await j.requestLock('14:01:30')).status).toBe(200);

    t.clock.set(at('14:01:32'));
    const beforeTheLock = await j.oem('doors', volvoDoors(at('14:01:00')));
    expect(beforeTheLock.body).toMatchObject({
      lockVerdict: 'status_before_lock_command',
      lockConfirmed: false,
    });
    t.clock.set(at('14:01:35'));
    const afterTheLock = await j.oem('doors', volvoDoors(at('14:01:14')));
    expect(afterTheLock.body).toMatchObject({ lockVerdict: 'confirmed', lockConfirmed: true });
  });

  it('(6b) a value cached 5 minutes earlier does not hide a later clock skew of the car', async () => {
    const j = new Journey(t, 'volvo');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:10'));
    await j.oem('doors', volvoDoors(at('13:55:10'), { centralLock: 'UNLOCKED' }));
    t.clock.set(at('15:30:00'));
    const skewed = await j.oem('doors', volvoDoors(at('15:27:00'), { centralLock: 'UNLOCKED' }));
    expect(skewed.status).toBe(200);
    const position = skewed.body.events[0].globalPosition as number;

    const skews = (await j.anomalies()).filter((a) => a.code === 'clock_skew');
    expect(skews.map((a) => a.evidence.at(-1))).toContain(position);
  });

  it('(7) a GM lockTrunk does not confirm a cabin delivery; lockDoor does, as acknowledged by the carmaker', async () => {
    const j = await lockRequested('gm', 'cabin');
    t.clock.set(at('14:01:45'));
    const trunkOnly = await j.oem(
      'commands/cmd-lock-1',
      gmCommandResponse('lockTrunk', 'success', at('14:01:31'), at('14:01:40')),
    );
    expect(trunkOnly.status).toBe(200);
    expect(trunkOnly.body.lockConfirmed).toBe(false);
    expect(types(trunkOnly.body)).toEqual(['LockCommandResult']);
    expect(await released(j)).toBe(false);

    expect((await j.requestLock('14:02:00', 'cmd-lock-2')).status).toBe(200);
    t.clock.set(at('14:02:10'));
    const wholeCar = await j.oem(
      'commands/cmd-lock-2',
      gmCommandResponse('lockDoor', 'success', at('14:02:01'), at('14:02:08')),
    );
    expect(wholeCar.body.lockConfirmed).toBe(true);
    expect(await released(j)).toBe(true);

    await t.settle();
    const confirmed = (await j.timeline()).entries.filter((e) => e.type === 'LockConfirmed');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!.data).toMatchObject({
      commandId: 'cmd-lock-2',
      evidence: 'command_acknowledged',
    });
    expect((confirmed[0] as unknown as { line: string }).line).toContain(
      'acknowledged by the carmaker for its lock command',
    );

    const proof = await j.get('proof');
    expect(proof.status).toBe(200);
    const bundle = proof.body as {
      events: { globalPosition: number; canonical: string }[];
      timeline: { type: string; data: { evidence?: string }; line: string }[];
    };
    const inBundle = bundle.timeline.find((e) => e.type === 'LockConfirmed')!;
    expect(inBundle.data.evidence).toBe('command_acknowledged');
    expect(inBundle.line).toContain('acknowledged by the carmaker');
    const canonical = bundle.events.find(
      (e) => e.globalPosition === confirmed[0]!.globalPosition,
    )!.canonical;
    expect(JSON.parse(canonical)).toMatchObject({
      type: 'LockConfirmed',
      data: { evidence: 'command_acknowledged' },
    });
  });

  it.each([
    ['the Vehicle Command Protocol is required', 'Tesla Vehicle Command Protocol required'],
    [
      'the sender’s key is not paired',
      'vehicle rejected request: your public key has not been paired with the vehicle',
    ],
  ])('(7) records a Tesla answer saying %s as failed', async (_, error) => {
    const j = await lockRequested('tesla');
    t.clock.set(at('14:01:35'));
    const res = await j.oem('commands/cmd-lock-1', { response: null, error });
    expect(res.status).toBe(200);
    expect(res.body.lockConfirmed).toBe(false);
    const result = (await stored(j)).find((e) => e.type === 'LockCommandResult')!;
    expect(result.data).toMatchObject({ vendorStatus: error, outcome: 'failed' });
  });

  it('(7) confirms a cabin Volvo delivery only once every window is reported closed after the lock', async () => {
    const j = await lockRequested('volvo', 'cabin');
    t.clock.set(at('14:01:40'));
    const doors = await j.oem('doors', volvoDoors(at('14:01:38')));
    expect(doors.body).toMatchObject({ lockVerdict: 'closure_unknown', lockConfirmed: false });

    t.clock.set(at('14:01:45'));
    const oneOpen = volvoWindows(at('14:01:43'));
    oneOpen.data.frontLeftWindow = { value: 'OPEN', timestamp: at('14:01:43') };
    const open = await j.oem('windows', oneOpen);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ lockVerdict: 'closure_open', lockConfirmed: false });
    expect(await released(j)).toBe(false);

    t.clock.set(at('14:01:55'));
    const closed = await j.oem('windows', volvoWindows(at('14:01:53')));
    expect(closed.body).toMatchObject({ lockVerdict: 'confirmed', lockConfirmed: true });
    expect(await released(j)).toBe(true);
  });

  it('(7) reads a right-hand-drive Tesla’s driver front door as the front right door', async () => {
    const j = new Journey(t, 'tesla');
    await j.schedule();
    await j.linkVehicle('RHD 001', { make: 'Tesla', model: 'Model 3', driveSide: 'right' });
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    t.clock.set(at('14:00:30'));
    const payload = teslaVehicleData(at('14:00:29'), { locked: false });
    payload.response.vehicle_state.df = 1;
    payload.response.vehicle_state.fd_window = 1;
    const res = await j.oem('vehicle-data', payload);
    expect(res.status).toBe(200);
    const read = (await stored(j)).find((e) => e.type === 'VehicleStatusReported')!;
    expect(read.data).toMatchObject({
      closures: { front_right: 'open', front_left: 'closed' },
      windows: { window_front_right: 'open', window_front_left: 'closed' },
    });
    const opened = (await stored(j)).filter((e) => e.type === 'ClosureOpened');
    expect(opened.map((e) => (e.data as { closure: string }).closure)).toEqual(['front_right']);
  });

  it('records a close stamped in the year 2000 after an open stamped now as superseded; the trunk stays open', async () => {
    const j = new Journey(t, 'gm');
    await j.schedule();
    await j.grant();
    expect((await j.unlock('14:00:00')).status).toBe(200);
    expect((await j.closure('opened', '14:00:40')).status).toBe(200);
    t.clock.set(at('14:01:20'));
    const close = await j.post('closures', {
      closure: 'trunk',
      state: 'closed',
      vehicleTimestamp: '2000-06-01T00:00:00.000Z',
    });
    expect(close.status).toBe(200);
    const closed = (await stored(j)).find((e) => e.type === 'ClosureClosed')!;
    expect(closed.data).toMatchObject({ closure: 'trunk', timeVerdict: 'superseded' });

    // OnStar has no status read: the ledger's own closures decide whether lockDoor may confirm.
    expect((await j.requestLock('14:01:30')).status).toBe(200);
    t.clock.set(at('14:01:45'));
    const locked = await j.oem(
      'commands/cmd-lock-1',
      gmCommandResponse('lockDoor', 'success', at('14:01:31'), at('14:01:40')),
    );
    expect(locked.body.lockConfirmed).toBe(false);
    expect(await released(j)).toBe(false);

    await t.settle();
    const entries = (await j.timeline()).entries as unknown as {
      type: string;
      stateAfter: { openClosures: string[] };
    }[];
    expect(entries.at(-1)!.stateAfter.openClosures).toEqual(['trunk']);
  });
});
