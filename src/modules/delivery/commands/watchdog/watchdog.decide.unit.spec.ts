import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  closure,
  command,
  deliveryScheduled,
  lockConfirmed,
  lockRequested,
  unlockedAndClosed,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  ExpireGrant,
  FlagLockConfirmationOverdue,
} from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import { GrantNotFound } from '../../../../domain/delivery/delivery.errors.js';

const given = deciderSpecification(deliveryDecider);
const expire = (now: string, grantId = 'g-1') =>
  command<ExpireGrant>('ExpireGrant', { grantId }, at(now));
const checkLock = (now: string) =>
  command<FlagLockConfirmationOverdue>('FlagLockConfirmationOverdue', {}, at(now));

describe('the watchdog recording time passing', () => {
  it('records a grant as expired once its notAfter has passed, and only then', () => {
    given([deliveryScheduled(), accessGranted()]).when(expire('14:59:59')).thenNothingHappens();
    given([deliveryScheduled(), accessGranted()])
      .when(expire('15:00:00'))
      .then([{ type: 'GrantExpired', data: { grantId: 'g-1', notAfter: at('15:00:00') } }]);
  });

  it('does not expire a revoked or already expired grant, and knows no unknown grant', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'security' } },
    ])
      .when(expire('16:00:00'))
      .thenNothingHappens();
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'GrantExpired', data: { grantId: 'g-1', notAfter: at('15:00:00') } },
    ])
      .when(expire('16:00:00'))
      .thenNothingHappens();
    given([deliveryScheduled()]).when(expire('16:00:00', 'g-9')).thenThrows(GrantNotFound);
  });

  it('does not expire a grant of a delivery that has ended: the grant ended with it', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      {
        type: 'DeliveryCompleted',
        data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
      },
    ])
      .when(expire('16:00:00'))
      .thenNothingHappens();
  });

  const closedAt1404 = unlockedAndClosed();

  it('flags a lock not confirmed 120 s after the last closure closed, from event times', () => {
    given(closedAt1404).when(checkLock('14:05:59')).thenNothingHappens();
    given(closedAt1404)
      .when(checkLock('14:06:00'))
      .then([
        {
          type: 'LockConfirmationOverdue',
          data: { lastClosedAt: at('14:04:00'), dueAt: at('14:06:00') },
        },
      ]);
  });

  it('does not flag a confirmed lock, nor the same closing twice', () => {
    given([...closedAt1404, lockRequested(), lockConfirmed()])
      .when(checkLock('14:30:00'))
      .thenNothingHappens();
    given([
      ...closedAt1404,
      {
        type: 'LockConfirmationOverdue',
        data: { lastClosedAt: at('14:04:00'), dueAt: at('14:06:00') },
      },
    ])
      .when(checkLock('14:30:00'))
      .thenNothingHappens();
  });

  it('measures from the last closing when the trunk is closed twice', () => {
    given([...closedAt1404, closure('opened', '14:04:30'), closure('closed', '14:05:00')])
      .when(checkLock('14:06:30'))
      .thenNothingHappens();
  });
});
