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
import { LiftReasonRequired } from '../../../../domain/delivery/delivery.errors.js';
import type { Actor } from '../../../../domain/shared/actor.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';

const given = deciderSpecification(deliveryDecider);
const customer: Actor = { id: 'cust-1', role: 'customer' };
const service: Actor = { id: 'delivery-system', role: 'delivery-service' };
const admin: Actor = { id: 'adm-1', role: 'admin' };
const block = (now = at('14:00:00'), by: Actor = customer) =>
  command<BlockInCarDelivery>('BlockInCarDelivery', { reason: 'I need the car' }, now, by);
const allow = (by: Actor = customer, reason: string | null = null) =>
  command<AllowInCarDelivery>('AllowInCarDelivery', { reason }, at('14:00:00'), by);
const blocked: DeliveryEvent = {
  type: 'InCarDeliveryBlocked',
  data: { customerId: 'cust-1', reason: 'I need the car', blockedBy: 'customer' },
};
const blockedByService: DeliveryEvent = {
  type: 'InCarDeliveryBlocked',
  data: { customerId: 'cust-1', reason: 'fraud check', blockedBy: 'delivery-service' },
};
const notYours = (by: string): DeliveryEvent => ({
  type: 'CommandRefused',
  data: {
    command: 'AllowInCarDelivery',
    code: 'DELIVERY.BLOCK_NOT_YOURS',
    message: `In-car delivery was blocked by ${by}: only ${by}, or an admin giving a reason, may lift the block`,
  },
});

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
      .then([
        {
          type: 'InCarDeliveryAllowed',
          data: { customerId: 'cust-1', liftedBy: 'customer', reason: null },
        },
      ]);
    given([deliveryScheduled()]).when(allow()).thenNothingHappens();
  });
});

describe('who may lift a block', () => {
  it('names the delivery service as the maker of its own block', () => {
    given([deliveryScheduled()])
      .when(block(at('14:00:00'), service))
      .then([{ ...blocked, data: { ...blocked.data, blockedBy: 'delivery-service' } }]);
  });

  it("refuses (and records) the delivery service lifting the customer's block", () => {
    given([deliveryScheduled(), blocked])
      .when(allow(service))
      .then([notYours('the customer')]);
  });

  it("refuses (and records) the customer lifting the delivery service's block", () => {
    given([deliveryScheduled(), blockedByService])
      .when(allow(customer))
      .then([notYours('the delivery service')]);
  });

  it('lets the delivery service lift its own block', () => {
    given([deliveryScheduled(), blockedByService])
      .when(allow(service))
      .then([
        {
          type: 'InCarDeliveryAllowed',
          data: { customerId: 'cust-1', liftedBy: 'delivery-service', reason: null },
        },
      ]);
  });

  it("lets an admin lift anyone's block with a reason, recorded in the lift", () => {
    for (const made of [blocked, blockedByService]) {
      given([deliveryScheduled(), made])
        .when(allow(admin, 'confirmed by phone, ticket 4411'))
        .then([
          {
            type: 'InCarDeliveryAllowed',
            data: {
              customerId: 'cust-1',
              liftedBy: 'admin',
              reason: 'confirmed by phone, ticket 4411',
            },
          },
        ]);
    }
  });

  it('refuses an admin lift without a reason as bad input, recording nothing', () => {
    given([deliveryScheduled(), blocked])
      .when(allow(admin, null))
      .thenThrows(LiftReasonRequired, 'DELIVERY.LIFT_REASON_REQUIRED');
  });
});
