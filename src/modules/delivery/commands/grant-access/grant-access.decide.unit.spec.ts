import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  command,
  deliveryScheduled,
} from '../../../../../test/support/delivery-fixtures.js';
import type { GrantAccess, RevokeAccess } from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import { GrantIdTaken, GrantNotFound } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';

const given = deciderSpecification(deliveryDecider);

const grantAccess = (overrides: Partial<GrantAccess['data']> = {}, now = at('13:10:00')) =>
  command<GrantAccess>('GrantAccess', { ...accessGranted().data, ...overrides }, now);

const refused = (code: string, message: string): DeliveryEvent => ({
  type: 'CommandRefused',
  data: { command: 'GrantAccess', code, message },
});

describe('granting access', () => {
  it('grants a courier time-limited access to the car', () => {
    given([deliveryScheduled()]).when(grantAccess()).then([accessGranted()]);
  });

  it('refuses a grant whose window ends before it starts', () => {
    given([deliveryScheduled()])
      .when(grantAccess({ notBefore: at('15:00:00'), notAfter: at('14:00:00') }))
      .then([refused('GRANT.INVALID_WINDOW', 'notAfter must come after notBefore')]);
  });

  it('refuses a grant that would already be expired', () => {
    given([deliveryScheduled()])
      .when(grantAccess({}, at('15:30:00')))
      .then([refused('GRANT.ALREADY_EXPIRED', 'The grant would already be expired')]);
  });

  it('refuses a grant outside the delivery window', () => {
    given([deliveryScheduled()])
      .when(grantAccess({ notBefore: at('17:00:00'), notAfter: at('18:00:00') }))
      .then([
        refused('GRANT.OUTSIDE_DELIVERY_WINDOW', 'The grant does not overlap the delivery window'),
      ]);
  });

  it('refuses a grant for another part of the car than the delivery target', () => {
    given([deliveryScheduled()])
      .when(grantAccess({ scope: 'cabin' }))
      .then([
        refused(
          'GRANT.SCOPE_MISMATCH',
          'The delivery goes to the trunk, the grant is for the cabin',
        ),
      ]);
  });

  it('refuses a grant while the customer blocks in-car delivery', () => {
    given([
      deliveryScheduled(),
      {
        type: 'InCarDeliveryBlocked',
        data: { customerId: 'cust-1', reason: null, blockedBy: 'customer' },
      },
    ])
      .when(grantAccess())
      .then([refused('DELIVERY.IN_CAR_BLOCKED', 'In-car delivery is blocked by the customer')]);
  });

  it('refuses a grant id that exists already, storing nothing', () => {
    given([deliveryScheduled(), accessGranted()])
      .when(grantAccess({ courierId: 'c-456' }))
      .thenThrows(GrantIdTaken, 'GRANT.ID_TAKEN');
  });

  it('refuses a grant on a completed delivery', () => {
    given([
      deliveryScheduled(),
      { type: 'DeliveryFailed', data: { reason: 'no access', fallback: 'returned' } },
    ])
      .when(grantAccess())
      .then([refused('DELIVERY.CLOSED', 'The delivery is already failed')]);
  });
});

describe('revoking access', () => {
  const revoke = (grantId = 'g-1') =>
    command<RevokeAccess>('RevokeAccess', { grantId, reason: 'security' });

  it('revokes a grant', () => {
    given([deliveryScheduled(), accessGranted()])
      .when(revoke())
      .then([{ type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'security' } }]);
  });

  it('changes nothing when the grant is already revoked', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'cancelled' } },
    ])
      .when(revoke())
      .thenNothingHappens();
  });

  it('answers not found for an unknown grant', () => {
    given([deliveryScheduled()]).when(revoke('g-x')).thenThrows(GrantNotFound, 'GRANT.NOT_FOUND');
  });
});
