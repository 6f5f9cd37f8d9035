import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../test/support/decider-specification.js';
import {
  at,
  closure,
  command,
  lockRequested,
  statusRead,
  unlockedAndClosed,
} from '../../../test/support/delivery-fixtures.js';
import type { RecordClosure, ReportVehicleStatus } from './delivery.commands.js';
import { deliveryDecider } from '../../modules/delivery/delivery.stream.js';
import type { DeliveryEvent, VehicleStatusReported } from './delivery.events.js';
import { evolveDelivery } from './delivery.evolve.js';
import { initialDeliveryState, isCourierReleased } from './delivery.state.js';
import type { LockVerdict } from './delivery.vocabulary.js';

const given = deciderSpecification(deliveryDecider);
const report = (data: ReportVehicleStatus['data'], now = at('14:06:00')) =>
  command<ReportVehicleStatus>('ReportVehicleStatus', data, now);
const verdictOf = (events: DeliveryEvent[]): LockVerdict =>
  (events[0] as VehicleStatusReported).data.lockVerdict;
const judgementOf = (events: DeliveryEvent[]) =>
  (events[0] as VehicleStatusReported).data.judgement!;

const dropped = (target: 'trunk' | 'cabin' = 'trunk') =>
  unlockedAndClosed({ target }, { scope: target });
const locking = (target: 'trunk' | 'cabin' = 'trunk') => [
  ...dropped(target),
  lockRequested(at('14:05:00')),
];

/** Every field stamped at its own time, as Volvo sends them. */
const stamped = (time: string, overrides: Partial<ReportVehicleStatus['data']> = {}) => {
  const read = statusRead(time, overrides);
  const fieldTimes = Object.fromEntries(
    ['centralLock', ...Object.keys(read.closures), ...Object.keys(read.windows)].map((f) => [
      f,
      at(time),
    ]),
  );
  return { ...read, fieldTimes: { ...fieldTimes, ...overrides.fieldTimes } };
};

const closedWindows = {
  window_front_left: 'closed',
  window_front_right: 'closed',
  window_rear_left: 'closed',
  window_rear_right: 'closed',
} as const;

const fold = (events: DeliveryEvent[]) => events.reduce(evolveDelivery, initialDeliveryState());

describe('the lock rule and the sources’ clocks', () => {
  it('never confirms from a read stamped far in the future, and lets a later real read count', () => {
    const future = statusRead('14:05:30', { statusTimestamp: '2099-01-01T00:00:00.000Z' });
    const events = given(locking()).when(report(future)).events();
    expect(events).toHaveLength(1);
    expect(verdictOf(events)).toBe('timestamp_in_future');

    const afterFuture = [...locking(), ...events];
    const open = statusRead('14:05:40', { centralLock: 'UNLOCKED', closures: { trunk: 'open' } });
    const real = given(afterFuture).when(report(open)).events();
    expect(verdictOf(real)).toBe('not_locked');
    expect(real.map((e) => e.type)).toEqual(['VehicleStatusReported', 'ClosureOpened']);
    expect(isCourierReleased(fold([...afterFuture, ...real]))).toBe(false);
  });

  it('judges each field by its own time: a tailgate read years ago is stale', () => {
    const read = stamped('14:05:30', { fieldTimes: { trunk: '2020-01-01T00:00:00.000Z' } });
    const events = given(locking()).when(report(read)).events();
    expect(verdictOf(events)).toBe('status_stale');
    expect(judgementOf(events)).toMatchObject({
      field: 'trunk',
      fieldAt: '2020-01-01T00:00:00.000Z',
    });
  });

  it('records a payload that contradicts itself, confirms nothing and changes no closure', () => {
    const read = stamped('14:05:30', {
      closures: { trunk: 'open' },
      contradictions: ['tailgate and tailGate disagree'],
    });
    const events = given(locking()).when(report(read)).events();
    expect(events.map((e) => e.type)).toEqual(['VehicleStatusReported']);
    expect(verdictOf(events)).toBe('contradictory_payload');
    expect(fold([...locking(), ...events]).closures.trunk).toBe('closed');
  });

  it('confirms a lock read by a car whose clock is 3 s slow', () => {
    const read = stamped('14:04:58');
    const events = given(locking())
      .when(report(read, at('14:05:04')))
      .events();
    expect(verdictOf(events)).toBe('confirmed');
    expect(judgementOf(events)).toMatchObject({
      anchor: { kind: 'lock_request_corrected', at: at('14:04:55') },
      toleranceS: 5,
    });
  });

  it('corrects the lock request by the car’s estimated clock offset, and records the estimate', () => {
    // The car reported twice before, each time 20 s behind the ledger's clock.
    const earlier = [
      { read: stamped('14:01:40'), now: at('14:02:00') },
      { read: stamped('14:03:40'), now: at('14:04:00') },
    ];
    const history = earlier.reduce<DeliveryEvent[]>(
      (events, { read, now }) => [
        ...events,
        ...deliveryDecider.decide(report(read, now), fold(events)),
      ],
      dropped(),
    );
    const slowCarLock = [...history, lockRequested(at('14:05:00'))];
    const events = given(slowCarLock)
      .when(report(stamped('14:04:45'), at('14:05:06')))
      .events();
    expect(verdictOf(events)).toBe('confirmed');
    expect(judgementOf(events).clockOffsetS).toBe(-20);
    // Without those samples the same read is judged to be from before the lock command.
    const unknownClock = given(locking())
      .when(report(stamped('14:04:45'), at('14:05:06')))
      .events();
    expect(verdictOf(unknownClock)).toBe('status_before_lock_command');
  });

  it('never widens the lock window on samples beyond the correction limit (cached values)', () => {
    const history = [0, 1, 2].reduce<DeliveryEvent[]>(
      (events, i) => [
        ...events,
        ...deliveryDecider.decide(
          report(stamped(`14:0${i}:00`), at(`14:0${i + 4}:00`)),
          fold(events),
        ),
      ],
      dropped(),
    );
    const events = given([...history, lockRequested(at('14:05:00'))])
      .when(report(stamped('14:03:00'), at('14:05:10')))
      .events();
    expect(judgementOf(events).clockOffsetS).toBe(0);
    expect(verdictOf(events)).toBe('status_before_lock_command');
  });

  it('moves nothing on a single clock sample: one read may be a cached value', () => {
    const once = deliveryDecider.decide(
      report(stamped('14:01:40'), at('14:02:00')),
      fold(dropped()),
    );
    const events = given([...dropped(), ...once, lockRequested(at('14:05:00'))])
      .when(report(stamped('14:04:45'), at('14:05:06')))
      .events();
    expect(judgementOf(events).clockOffsetS).toBe(0);
    expect(verdictOf(events)).toBe('status_before_lock_command');
  });

  it('for a cabin delivery, needs every window known closed and read after the lock command', () => {
    const doors = stamped('14:05:30');
    const noWindows = given(locking('cabin')).when(report(doors)).events();
    expect(verdictOf(noWindows)).toBe('closure_unknown');
    expect(judgementOf(noWindows).field).toBe('window_front_left');

    const windowOpen = stamped('14:05:30', {
      windows: { ...closedWindows, window_rear_right: 'open' },
    });
    expect(verdictOf(given(locking('cabin')).when(report(windowOpen)).events())).toBe(
      'closure_open',
    );
    const allClosed = stamped('14:05:30', { windows: closedWindows });
    expect(verdictOf(given(locking('cabin')).when(report(allClosed)).events())).toBe('confirmed');
  });

  it('merges fields over reads: a doors read, then a windows read, confirm together', () => {
    const doors = stamped('14:05:30');
    const first = given(locking('cabin')).when(report(doors)).events();
    const windows = {
      ...stamped('14:05:40', { windows: closedWindows }),
      closures: {},
      fieldTimes: Object.fromEntries(Object.keys(closedWindows).map((w) => [w, at('14:05:40')])),
    };
    const second = given([...locking('cabin'), ...first])
      .when(report(windows))
      .events();
    expect(verdictOf(second)).toBe('confirmed');
  });

  it('counts a sunroof the carmaker reports open, also for a trunk delivery', () => {
    const read = stamped('14:05:30', { windows: { sunroof: 'open' } });
    expect(verdictOf(given(locking()).when(report(read)).events())).toBe('closure_open');
  });
});

describe('closure facts and their times', () => {
  const recordClosure = (state: 'opened' | 'closed', time: string, now = at('14:06:00')) =>
    command<RecordClosure>(
      'RecordClosure',
      { closure: 'trunk', state, vehicleTimestamp: time },
      now,
    );

  it('records a closure stamped in the future as evidence that changes nothing', () => {
    const events = given(dropped())
      .when(recordClosure('opened', '2099-01-01T00:00:00.000Z'))
      .events();
    expect(events).toEqual([
      {
        type: 'ClosureOpened',
        data: {
          closure: 'trunk',
          vehicleTimestamp: '2099-01-01T00:00:00.000Z',
          timeVerdict: 'timestamp_in_future',
        },
      },
    ]);
    expect(fold([...dropped(), ...events]).closures.trunk).toBe('closed');
  });

  it('records a close stamped before the last open as history: the trunk stays open', () => {
    const opened = [...dropped(), closure('opened', '14:05:00')];
    const events = given(opened).when(recordClosure('closed', '2000-06-01T00:00:00.000Z')).events();
    expect(events[0]).toMatchObject({ data: { timeVerdict: 'superseded' } });
    expect(fold([...opened, ...events]).closures.trunk).toBe('open');
  });
});
