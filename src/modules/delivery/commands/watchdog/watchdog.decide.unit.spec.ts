import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  carLeftUnlocked,
  closure,
  command,
  deliveryScheduled,
  lockConfirmed,
  lockRequested,
  unlockedAndClosed,
  unlockRequested,
  unlockResult,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  ExpireGrant,
  FlagCarLeftUnlocked,
  FlagLockConfirmationOverdue,
} from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { DEFAULT_TIME_RULES } from '../../../../domain/shared/time-rules.js';
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

  describe('a car left unlocked', () => {
    const checkUnlocked = (now: string, leftUnlockedS = 300): FlagCarLeftUnlocked => ({
      type: 'FlagCarLeftUnlocked',
      data: {},
      metadata: {
        now: at(now),
        actor: { id: 'watchdog', role: 'system' },
        timeRules: { ...DEFAULT_TIME_RULES, leftUnlockedS },
      },
    });
    const unlocked = [
      deliveryScheduled(),
      accessGranted(),
      unlockRequested(),
      unlockResult('succeeded'),
    ];
    const leftUnlocked: DeliveryEvent[] = [
      carLeftUnlocked(),
      lockRequested(at('14:05:00'), 'ledger-lock-1'),
    ];

    it('records CarLeftUnlocked and asks for a lock once no confirmation held the time after the unlock', () => {
      given(unlocked).when(checkUnlocked('14:04:59')).thenNothingHappens();
      given(unlocked).when(checkUnlocked('14:05:00')).then(leftUnlocked);
    });

    it('judges with the configured time, and whether or not a closure moved', () => {
      given([...unlocked, closure('opened', '14:00:30'), closure('closed', '14:01:00')])
        .when(checkUnlocked('14:01:00', 60))
        .then([
          {
            ...leftUnlocked[0]!,
            data: { ...(leftUnlocked[0]!.data as object), dueAt: at('14:01:00') },
          } as DeliveryEvent,
          lockRequested(at('14:01:00'), 'ledger-lock-1'),
        ]);
    });

    it('watches an ambiguous unlock too, and counts from the first unlock of the stretch', () => {
      given([
        deliveryScheduled(),
        accessGranted({ singleUse: false }),
        unlockRequested(),
        unlockResult('ambiguous'),
        unlockRequested('cmd-unlock-2', 'n-2', at('14:03:00')),
        unlockResult('succeeded', 'cmd-unlock-2'),
      ])
        .when(checkUnlocked('14:05:00'))
        .then([
          {
            ...leftUnlocked[0]!,
            data: {
              ...(leftUnlocked[0]!.data as object),
              unlockCommandIds: ['cmd-unlock-1', 'cmd-unlock-2'],
            },
          } as DeliveryEvent,
          leftUnlocked[1]!,
        ]);
    });

    it('records nothing once a lock confirmation holds, the car relocked itself, or the unlock failed', () => {
      given([...unlocked, lockRequested(at('14:01:00')), lockConfirmed('14:01:30')])
        .when(checkUnlocked('14:30:00'))
        .thenNothingHappens();
      given([
        ...unlocked,
        {
          type: 'CarRelocked',
          data: {
            unlockCommandIds: ['cmd-unlock-1'],
            grantIds: ['g-1'],
            statusTimestamp: at('14:02:00'),
          },
        },
      ])
        .when(checkUnlocked('14:30:00'))
        .thenNothingHappens();
      given([
        deliveryScheduled(),
        accessGranted(),
        unlockRequested(),
        unlockResult('ambiguous'),
        unlockResult('failed'),
      ])
        .when(checkUnlocked('14:30:00'))
        .thenNothingHappens();
    });

    it('records it once per unlocked stretch, also after the delivery failed', () => {
      given([...unlocked, ...leftUnlocked])
        .when(checkUnlocked('14:30:00'))
        .thenNothingHappens();
      given([
        ...unlocked,
        { type: 'DeliveryFailed', data: { reason: 'no access', fallback: 'returned' } },
      ])
        .when(checkUnlocked('14:30:00'))
        .then([leftUnlocked[0]!, lockRequested(at('14:30:00'), 'ledger-lock-1')]);
    });
  });
});
