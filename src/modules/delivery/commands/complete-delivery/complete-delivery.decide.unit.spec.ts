import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  DROP_PHOTO,
  closure,
  command,
  deliveryScheduled,
  lockConfirmed,
  lockRequested,
  packagePlaced,
  unlockedAndClosed,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  CompleteDelivery,
  FailDelivery,
  PlacePackage,
  RequestLock,
} from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import { CommandIdTaken, PackageIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';

const given = deciderSpecification(deliveryDecider);
const complete = () => command<CompleteDelivery>('CompleteDelivery', {}, at('14:06:00'));
const lockNotConfirmed: DeliveryEvent = {
  type: 'CommandRefused',
  data: {
    command: 'CompleteDelivery',
    code: 'DELIVERY.LOCK_NOT_CONFIRMED',
    message: 'The car has not confirmed it is locked with every closure closed',
  },
};

describe('completing a delivery', () => {
  it('completes only after the lock is confirmed', () => {
    given([...unlockedAndClosed(), packagePlaced(), lockRequested(), lockConfirmed()])
      .when(complete())
      .then([
        {
          type: 'DeliveryCompleted',
          data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
        },
      ]);
  });

  it('refuses to complete without a lock confirmation, and records the refusal', () => {
    given([...unlockedAndClosed(), lockRequested()])
      .when(complete())
      .then([lockNotConfirmed]);
  });

  it('refuses to complete when the car was opened again after the confirmation', () => {
    given([...unlockedAndClosed(), lockRequested(), lockConfirmed(), closure('opened', '14:05:40')])
      .when(complete())
      .then([lockNotConfirmed]);
  });

  it('refuses to complete with no package placed, records the refusal, and leaves fail open', () => {
    const locked = [...unlockedAndClosed(), lockRequested(), lockConfirmed()];
    given(locked)
      .when(complete())
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'CompleteDelivery',
            code: 'DELIVERY.NO_PACKAGE',
            message:
              'No package was placed: a delivery without a package cannot complete; fail it instead',
          },
        },
      ]);
    given(locked)
      .when(
        command<FailDelivery>('FailDelivery', { reason: 'car not found', fallback: 'returned' }),
      )
      .then([
        { type: 'DeliveryFailed', data: { reason: 'car not found', fallback: 'returned' } },
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'cancelled' } },
      ]);
  });

  it('refuses to complete twice', () => {
    given([
      ...unlockedAndClosed(),
      packagePlaced(),
      lockRequested(),
      lockConfirmed(),
      {
        type: 'DeliveryCompleted',
        data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
      },
    ])
      .when(complete())
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'CompleteDelivery',
            code: 'DELIVERY.CLOSED',
            message: 'The delivery is already completed',
          },
        },
      ]);
  });
});

describe('failing a delivery', () => {
  it('fails with a fallback and cancels the grants still open', () => {
    given([deliveryScheduled(), accessGranted()])
      .when(
        command<FailDelivery>('FailDelivery', {
          reason: 'car not found',
          fallback: 'home_address',
        }),
      )
      .then([
        { type: 'DeliveryFailed', data: { reason: 'car not found', fallback: 'home_address' } },
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'cancelled' } },
      ]);
  });

  it('still accepts a lock request after failing: a car is never left open', () => {
    given([
      ...unlockedAndClosed(),
      { type: 'DeliveryFailed', data: { reason: 'wrong car', fallback: 'returned' } },
    ])
      .when(command<RequestLock>('RequestLock', { commandId: 'cmd-lock-2' }, at('14:10:00')))
      .then([
        { type: 'LockRequested', data: { commandId: 'cmd-lock-2', requestedAt: at('14:10:00') } },
      ]);
  });
});

describe('packages and lock requests', () => {
  const photo = DROP_PHOTO;

  it('records the package with its photo digest', () => {
    given(unlockedAndClosed())
      .when(command<PlacePackage>('PlacePackage', { packageId: 'p-1', photo, photoHeld: true }))
      .then([packagePlaced('p-1', null)]);
  });

  it('refuses a package id placed already, and a lock command id used already', () => {
    given([...unlockedAndClosed(), packagePlaced()])
      .when(command<PlacePackage>('PlacePackage', { packageId: 'p-1', photo, photoHeld: true }))
      .thenThrows(PackageIdTaken);
    given([...unlockedAndClosed(), lockRequested()])
      .when(command<RequestLock>('RequestLock', { commandId: 'cmd-lock-1' }))
      .thenThrows(CommandIdTaken);
  });
});
