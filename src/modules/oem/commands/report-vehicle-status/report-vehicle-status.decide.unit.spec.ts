import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  closure,
  command,
  deliveryScheduled,
  lockConfirmed,
  lockRequested,
  statusRead,
  unlockRequested,
  unlockResult,
} from '../../../../../test/support/delivery-fixtures.js';
import type { ReportVehicleStatus } from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../../delivery/delivery.stream.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { evolveDelivery } from '../../../../domain/delivery/delivery.evolve.js';
import {
  initialDeliveryState,
  isCourierReleased,
} from '../../../../domain/delivery/delivery.state.js';
import type { LockVerdict } from '../../../../domain/delivery/delivery.vocabulary.js';

const given = deciderSpecification(deliveryDecider);
const report = (data: ReportVehicleStatus['data']) =>
  command<ReportVehicleStatus>('ReportVehicleStatus', data, at('14:06:00'));
const reported = (data: ReportVehicleStatus['data'], lockVerdict: LockVerdict): DeliveryEvent => ({
  type: 'VehicleStatusReported',
  data: { ...data, lockVerdict, judgement: expect.anything() as never },
});
const recorded = (data: ReportVehicleStatus['data'], lockVerdict: LockVerdict): DeliveryEvent => ({
  type: 'VehicleStatusReported',
  data: { ...data, lockVerdict, judgement: null },
});

const dropped = [
  deliveryScheduled(),
  accessGranted(),
  unlockRequested(),
  closure('opened', '14:02:00'),
  {
    type: 'PackagePlaced',
    data: {
      packageId: 'p-1',
      photo: {
        sha256: 'ab'.repeat(32),
        ref: 'photos/p-1.jpg',
        capturedAt: at('14:02:30'),
        geotag: null,
      },
    },
  },
  closure('closed', '14:04:00'),
] as DeliveryEvent[];

describe('vehicle status reads and the lock confirmation', () => {
  it('confirms the lock from a read stamped after the lock command, locked and all closed', () => {
    const read = statusRead('14:05:30');
    given([...dropped, lockRequested(at('14:05:00'))])
      .when(report(read))
      .then([reported(read, 'confirmed'), lockConfirmed('14:05:30')]);
  });

  it('does not confirm from a read stamped before the lock command beyond the tolerance', () => {
    const read = statusRead('14:04:54');
    given([...dropped, lockRequested(at('14:05:00'))])
      .when(report(read))
      .then([reported(read, 'status_before_lock_command')]);
  });

  it('does not confirm from a read stamped at the very edge of the tolerance', () => {
    const read = statusRead('14:04:55');
    given([...dropped, lockRequested(at('14:05:00'))])
      .when(report(read))
      .then([reported(read, 'status_before_lock_command')]);
  });

  it('does not confirm an unlocked car, an open closure, or an unreported target closure', () => {
    const given_ = given([...dropped, lockRequested(at('14:05:00'))]);
    const unlocked = statusRead('14:05:30', { centralLock: 'UNLOCKED' });
    given_.when(report(unlocked)).then([reported(unlocked, 'not_locked')]);
    const doorAjar = statusRead('14:05:30', { closures: { trunk: 'closed', rear_left: 'open' } });
    given_.when(report(doorAjar)).then([
      reported(doorAjar, 'closure_open'),
      {
        type: 'ClosureOpened',
        data: { closure: 'rear_left', vehicleTimestamp: at('14:05:30'), timeVerdict: null },
      },
    ]);
    const noTrunkSensor = statusRead('14:05:30', {
      closures: { trunk: 'unknown', front_left: 'closed' },
    });
    given_.when(report(noTrunkSensor)).then([reported(noTrunkSensor, 'closure_unknown')]);
  });

  it('does not confirm without a lock command', () => {
    const read = statusRead('14:05:30');
    given(dropped)
      .when(report(read))
      .then([reported(read, 'no_lock_request')]);
  });

  it('records closure changes the read shows, but not from a read stamped before the last one', () => {
    const open = statusRead('14:02:10', { centralLock: 'UNLOCKED', closures: { trunk: 'open' } });
    given([deliveryScheduled(), accessGranted(), unlockRequested()])
      .when(report(open))
      .then([
        reported(open, 'no_lock_request'),
        {
          type: 'ClosureOpened',
          data: { closure: 'trunk', vehicleTimestamp: at('14:02:10'), timeVerdict: null },
        },
      ]);
    const late = statusRead('14:01:00', { centralLock: 'UNLOCKED', closures: { trunk: 'open' } });
    given([...dropped, recorded(statusRead('14:04:10'), 'no_lock_request')])
      .when(report(late))
      .then([reported(late, 'no_lock_request')]);
  });

  it("refuses a status from another carmaker than the car's", () => {
    const events = given(dropped)
      .when(report(statusRead('14:05:30', { vendor: 'gm' })))
      .events();
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CommandRefused',
        data: expect.objectContaining({ code: 'OEM.VENDOR_MISMATCH' }),
      }),
    ]);
  });

  it('releases the courier only while the lock confirmation holds', () => {
    const confirmed = [...dropped, lockRequested(at('14:05:00')), lockConfirmed('14:05:30')];
    const state = (events: DeliveryEvent[]) =>
      events.reduce(evolveDelivery, initialDeliveryState());
    expect(isCourierReleased(state(dropped))).toBe(false);
    expect(isCourierReleased(state(confirmed))).toBe(true);
    expect(isCourierReleased(state([...confirmed, closure('opened', '14:07:00')]))).toBe(false);
    const unlockedAgain = recorded(
      statusRead('14:07:00', { centralLock: 'UNLOCKED' }),
      'no_lock_request',
    );
    expect(isCourierReleased(state([...confirmed, unlockedAgain]))).toBe(false);
    const olderRead = recorded(
      statusRead('14:05:10', { centralLock: 'UNLOCKED' }),
      'status_before_lock_command',
    );
    expect(isCourierReleased(state([...confirmed, olderRead]))).toBe(true);
  });
});

describe('the car locking itself again after an unlock that opened nothing', () => {
  const succeeded = unlockResult('succeeded');
  const unlocked = [deliveryScheduled(), accessGranted(), unlockRequested(), succeeded];
  const relocked: DeliveryEvent = {
    type: 'CarRelocked',
    data: {
      unlockCommandIds: ['cmd-unlock-1'],
      grantIds: ['g-1'],
      statusTimestamp: at('14:02:00'),
    },
  };
  const at1406 = (read: ReportVehicleStatus['data']) => report(read);

  it('records CarRelocked from a locked read after the unlock with nothing opened, freeing the grant', () => {
    const read = statusRead('14:02:00');
    given(unlocked)
      .when(at1406(read))
      .then([reported(read, 'no_lock_request'), relocked]);
  });

  it('is no relock when a closure moved since the unlock, or one is open now', () => {
    const read = statusRead('14:04:00');
    given([...unlocked, closure('opened', '14:01:00'), closure('closed', '14:01:30')])
      .when(at1406(read))
      .then([reported(read, 'no_lock_request')]);
    const trunkOpen = statusRead('14:02:00', {
      closures: { ...statusRead('14:02:00').closures, trunk: 'open' },
    });
    expect(
      given(unlocked)
        .when(at1406(trunkOpen))
        .events()
        .map((e) => e.type),
    ).toEqual(['VehicleStatusReported', 'ClosureOpened']);
  });

  it('is no relock from a read the car took about the time of the unlock, or before it', () => {
    for (const time of ['13:59:30', '14:00:05']) {
      const read = statusRead(time);
      given(unlocked)
        .when(at1406(read))
        .then([reported(read, 'no_lock_request')]);
    }
  });

  it('is no relock once the ledger asked for a lock: that lock is confirmed instead', () => {
    const read = statusRead('14:02:00');
    given([...unlocked, lockRequested(at('14:01:00'))])
      .when(at1406(read))
      .then([reported(read, 'confirmed'), lockConfirmed('14:02:00')]);
  });

  it('is no relock without an unlock the car ran, nor after a failed one', () => {
    const read = statusRead('14:02:00');
    given([deliveryScheduled(), accessGranted(), unlockRequested()])
      .when(at1406(read))
      .then([reported(read, 'no_lock_request')]);
    given([deliveryScheduled(), accessGranted(), unlockRequested(), unlockResult('failed')])
      .when(at1406(read))
      .then([reported(read, 'no_lock_request')]);
  });

  it('leaves the car watched no more once it relocked', () => {
    const state = [...unlocked, relocked].reduce(evolveDelivery, initialDeliveryState());
    expect(state.unlockedBy).toEqual({});
    expect(state.grants['g-1']?.usedBy).toBeNull();
  });
});
