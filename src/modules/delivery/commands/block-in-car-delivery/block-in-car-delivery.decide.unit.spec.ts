import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  command,
  deliveryScheduled,
  unlockRequested,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  AllowInCarDelivery,
  BlockInCarDelivery,
} from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';

const given = deciderSpecification(deliveryDecider);
const block = (now = at('14:00:00')) =>
  command<BlockInCarDelivery>('BlockInCarDelivery', { reason: 'I need the car' }, now);
const allow = () => command<AllowInCarDelivery>('AllowInCarDelivery', {});
const blocked: DeliveryEvent = {
  type: 'InCarDeliveryBlocked',
  data: { customerId: 'cust-1', reason: 'I need the car' },
};

describe('the customer blocking in-car delivery', () => {
  it('blocks and revokes every grant that could still open the car', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      accessGranted({ grantId: 'g-2' }),
      accessGranted({ grantId: 'g-old', notBefore: at('13:00:00'), notAfter: at('13:30:00') }),
      { type: 'AccessRevoked', data: { grantId: 'g-2', reason: 'security' } },
    ])
      .when(block())
      .then([
        blocked,
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'customer_blocked' } },
      ]);
  });

  it('can still block at the last minute, just before the unlock', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      {
        type: 'CourierApproaching',
        data: { courierId: 'c-123', eta: at('14:00:00'), courierName: null },
      },
    ])
      .when(block(at('13:59:59')))
      .then([
        blocked,
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'customer_blocked' } },
      ]);
  });

  it('stops a delivery in progress after the unlock: blocks, revokes what is left, asks for a lock', () => {
    given([
      deliveryScheduled(),
      accessGranted({ singleUse: false }),
      accessGranted({ grantId: 'g-2' }),
      unlockRequested(),
      { type: 'LockRequested', data: { commandId: 'block-lock-2', requestedAt: at('13:50:00') } },
    ])
      .when(block(at('14:03:00')))
      .then([
        blocked,
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'customer_blocked' } },
        { type: 'AccessRevoked', data: { grantId: 'g-2', reason: 'customer_blocked' } },
        // The first free id: a lock command of the delivery's own already took block-lock-2.
        { type: 'LockRequested', data: { commandId: 'block-lock-3', requestedAt: at('14:03:00') } },
      ]);
  });

  it('refuses a block once the delivery is closed', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      unlockRequested(),
      { type: 'DeliveryFailed', data: { reason: 'no access', fallback: 'returned' } },
    ])
      .when(block())
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'BlockInCarDelivery',
            code: 'DELIVERY.CLOSED',
            message: 'The delivery is already failed',
          },
        },
      ]);
  });

  it('still blocks after an unlock that was denied', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      unlockRequested(),
      {
        type: 'UnlockDenied',
        data: { commandId: 'cmd-unlock-1', grantId: 'g-1', reason: 'outside_geofence' },
      },
    ])
      .when(block())
      .then([
        blocked,
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'customer_blocked' } },
      ]);
  });

  it('changes nothing when already blocked', () => {
    given([deliveryScheduled(), blocked]).when(block()).thenNothingHappens();
  });

  it('lifts the block when the customer allows in-car delivery again', () => {
    given([deliveryScheduled(), blocked])
      .when(allow())
      .then([{ type: 'InCarDeliveryAllowed', data: { customerId: 'cust-1' } }]);
    given([deliveryScheduled()]).when(allow()).thenNothingHappens();
  });
});
