import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  command,
  deliveryScheduled,
  MOVED_AWAY,
  NEAR_CAR,
} from '../../../../../test/support/delivery-fixtures.js';
import type { DeclareVehicleLocation } from '../../../../domain/delivery/delivery.commands.js';
import type { GeoPoint } from '../../../../domain/shared/geo-point.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { deliveryDecider } from '../../delivery.stream.js';

const given = deciderSpecification(deliveryDecider);

const declare = (position: GeoPoint, now = at('13:50:00')) =>
  command<DeclareVehicleLocation>(
    'DeclareVehicleLocation',
    { description: 'Moved to the office garage', position },
    now,
  );
const declared = (position: GeoPoint, time = '13:50:00'): DeliveryEvent => ({
  type: 'VehicleLocationDeclared',
  data: { description: 'Moved to the office garage', position, declaredAt: at(time) },
});
const movedAway = (grantId: string): DeliveryEvent => ({
  type: 'AccessRevoked',
  data: { grantId, reason: 'vehicle_moved' },
});

describe('declaring where the car stands', () => {
  it('records the position with the moment the ledger was told', () => {
    given([deliveryScheduled()])
      .when(declare(NEAR_CAR))
      .then([declared(NEAR_CAR)]);
  });

  it('keeps a grant whose geofence the car is still in', () => {
    given([deliveryScheduled(), accessGranted()])
      .when(declare(NEAR_CAR))
      .then([declared(NEAR_CAR)]);
  });

  it('revokes, in the same append, every live grant whose geofence the car was moved out of', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      accessGranted({ grantId: 'g-2', geofence: { center: MOVED_AWAY, radiusM: 50 } }),
    ])
      .when(declare(MOVED_AWAY))
      .then([declared(MOVED_AWAY), movedAway('g-1')]);
  });

  it('leaves grants already revoked, expired or over alone', () => {
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'security' } },
      accessGranted({ grantId: 'g-2' }),
      { type: 'GrantExpired', data: { grantId: 'g-2', notAfter: at('15:00:00') } },
      accessGranted({ grantId: 'g-3', notAfter: at('13:45:00') }),
    ])
      .when(declare(MOVED_AWAY))
      .then([declared(MOVED_AWAY)]);
  });

  it('refuses (records) a declaration once the delivery is closed', () => {
    given([
      deliveryScheduled(),
      { type: 'DeliveryFailed', data: { reason: 'no access', fallback: 'returned' } },
    ])
      .when(declare(MOVED_AWAY))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'DeclareVehicleLocation',
            code: 'DELIVERY.CLOSED',
            message: 'The delivery is already failed',
          },
        },
      ]);
  });
});
