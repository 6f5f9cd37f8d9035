import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  command,
  deliveryScheduled,
  unlockedAndClosed,
  unlockRequested,
} from '../../../../../test/support/delivery-fixtures.js';
import type { CancelDelivery, GrantAccess } from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';

const given = deciderSpecification(deliveryDecider);
const cancel = (now = '13:40:00') =>
  command<CancelDelivery>('CancelDelivery', { reason: 'order cancelled' }, at(now));
const cancelled = { type: 'DeliveryCancelled', data: { reason: 'order cancelled' } } as const;

describe('cancelling a delivery', () => {
  it('cancels before the unlock and revokes the grants still open', () => {
    given([deliveryScheduled(), accessGranted()])
      .when(cancel())
      .then([cancelled, { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'cancelled' } }]);
    given([deliveryScheduled()]).when(cancel()).then([cancelled]);
  });

  it('also cancels after a denied unlock: the car was never opened for it', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      unlockRequested(),
      {
        type: 'UnlockDenied',
        data: { commandId: 'cmd-unlock-1', grantId: 'g-1', reason: 'expired' },
      },
    ])
      .when(cancel())
      .then([cancelled, { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'cancelled' } }]);
  });

  it('refuses once an unlock was allowed, and records the refusal', () => {
    given(unlockedAndClosed())
      .when(cancel('14:06:00'))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'CancelDelivery',
            code: 'DELIVERY.ALREADY_UNLOCKED',
            message:
              'The car was already unlocked for this delivery: it can be cancelled only before; fail it instead',
          },
        },
      ]);
  });

  it('closes the delivery: later commands are refused as DELIVERY.CLOSED', () => {
    given([deliveryScheduled(), cancelled])
      .when(command<GrantAccess>('GrantAccess', accessGranted().data, at('13:45:00')))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'GrantAccess',
            code: 'DELIVERY.CLOSED',
            message: 'The delivery is already cancelled',
          },
        },
      ]);
    given([deliveryScheduled(), cancelled])
      .when(cancel())
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'CancelDelivery',
            code: 'DELIVERY.CLOSED',
            message: 'The delivery is already cancelled',
          },
        },
      ]);
  });
});
