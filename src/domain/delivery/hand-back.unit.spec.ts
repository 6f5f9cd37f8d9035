import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../test/support/decider-specification.js';
import {
  at,
  command,
  lockConfirmed,
  lockRequested,
  statusRead,
  unlockedAndClosed,
} from '../../../test/support/delivery-fixtures.js';
import { deliveryDecider } from '../../modules/delivery/delivery.stream.js';
import type { RecordClosure, ReportVehicleStatus } from './delivery.commands.js';
import type { DeliveryEvent } from './delivery.events.js';
import { foldDelivery } from './delivery.evolve.js';
import { initialDeliveryState, isCourierReleased } from './delivery.state.js';

const given = deciderSpecification(deliveryDecider);

/** Unlocked, trunk opened 14:02 and closed 14:04, lock confirmed by a read stamped 14:05:30. */
const confirmed: DeliveryEvent[] = [
  ...unlockedAndClosed(),
  lockRequested(at('14:05:00')),
  lockConfirmed('14:05:30'),
];
const completed: DeliveryEvent[] = [
  ...confirmed,
  {
    type: 'DeliveryCompleted',
    data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
  },
];

/** The owner opening the trunk at 16:00, two hours after the hand-back. */
const ownerOpened: DeliveryEvent = {
  type: 'ClosureOpened',
  data: {
    closure: 'trunk',
    vehicleTimestamp: at('16:00:00'),
    timeVerdict: null,
    attributedTo: 'owner',
  },
};

const closureAt = (state: 'opened' | 'closed', stamp: string, now = '16:00:10') =>
  command<RecordClosure>(
    'RecordClosure',
    { closure: 'trunk', state, vehicleTimestamp: at(stamp) },
    at(now),
  );
const readAt = (stamp: string, overrides: Partial<ReportVehicleStatus['data']>, now = '16:00:10') =>
  command<ReportVehicleStatus>('ReportVehicleStatus', statusRead(stamp, overrides), at(now));
const trunkOpen = {
  centralLock: 'UNLOCKED' as const,
  closures: { ...statusRead('16:00:00').closures, trunk: 'open' as const },
};

describe('the hand-back: once closed with its lock confirmed, the car is the owner’s again', () => {
  it('records the hand-back at the confirmation’s read when the delivery completes', () => {
    const state = foldDelivery(completed, initialDeliveryState());
    expect(state.handedBack).toEqual({ at: at('14:05:30') });
  });

  it('records an opening stamped after the hand-back as the owner’s', () => {
    given(completed).when(closureAt('opened', '16:00:00')).then([ownerOpened]);
  });

  it('records the owner’s status read as theirs: it confirms nothing again, the read’s opening is theirs too', () => {
    const events = given(completed).when(readAt('16:00:00', trunkOpen)).events();
    expect(events.map((e) => [e.type, (e.data as { attributedTo?: string }).attributedTo])).toEqual(
      [
        ['VehicleStatusReported', 'owner'],
        ['ClosureOpened', 'owner'],
      ],
    );
    expect(events[0]!.data).toMatchObject({ lockVerdict: 'already_confirmed' });
    // The owner locks again: still no second confirmation of the courier's lock command.
    const reopened = foldDelivery([...completed, ...events], initialDeliveryState());
    const relocked = deliveryDecider.decide(readAt('16:05:00', {}, '16:05:05'), reopened);
    expect(relocked.map((e) => e.type)).toEqual(['VehicleStatusReported', 'ClosureClosed']);
    expect(isCourierReleased(foldDelivery(relocked, reopened))).toBe(true);
  });

  it('keeps a closure fact stamped before the confirmation as history, even after the owner’s use', () => {
    given([...completed, ownerOpened])
      .when(closureAt('closed', '14:03:00'))
      .then([
        {
          type: 'ClosureClosed',
          data: { closure: 'trunk', vehicleTimestamp: at('14:03:00'), timeVerdict: 'superseded' },
        },
      ]);
  });

  it('takes nothing from a car read cached before the confirmation: no closure change, still released', () => {
    const events = given(completed)
      .when(readAt('14:05:10', trunkOpen, '14:20:00'))
      .events();
    expect(events.map((e) => e.type)).toEqual(['VehicleStatusReported']);
    expect(events[0]!.data).not.toHaveProperty('attributedTo');
    expect(isCourierReleased(foldDelivery([...completed, ...events], initialDeliveryState()))).toBe(
      true,
    );
  });

  it('attributes nothing to the owner while the delivery is open, confirmed or not', () => {
    given(confirmed)
      .when(closureAt('opened', '14:06:00', '14:06:01'))
      .then([
        {
          type: 'ClosureOpened',
          data: { closure: 'trunk', vehicleTimestamp: at('14:06:00'), timeVerdict: null },
        },
      ]);
  });
});
