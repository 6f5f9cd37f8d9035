import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  CAR_POSITION,
  command,
  deliveryScheduled,
  FAR_FROM_CAR,
  locationDeclared,
  MOVED_AWAY,
  NEAR_CAR,
  positionReported,
  REFERENCE_AREA,
  unlockRequested,
  unlockResult,
} from '../../../../../test/support/delivery-fixtures.js';
import type { RequestUnlock } from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../delivery.stream.js';
import { CommandIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type {
  CommandOutcome,
  UnlockDenialReason,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { DEFAULT_TIME_RULES } from '../../../../domain/shared/time-rules.js';

const given = deciderSpecification(deliveryDecider);

const requestUnlock = (
  overrides: Partial<RequestUnlock['data']> = {},
  now = at('14:00:00'),
): RequestUnlock =>
  command<RequestUnlock>(
    'RequestUnlock',
    {
      grantId: 'g-1',
      courierId: 'c-123',
      courierPosition: NEAR_CAR,
      commandId: 'cmd-unlock-9',
      nonce: 'n-9',
      ...overrides,
    },
    now,
  );

const requested = (request: RequestUnlock): DeliveryEvent => ({
  type: 'UnlockRequested',
  data: { ...request.data, requestedAt: request.metadata.now },
});

const denied = (request: RequestUnlock, reason: UnlockDenialReason): DeliveryEvent[] => [
  requested(request),
  {
    type: 'UnlockDenied',
    data: { commandId: request.data.commandId, grantId: request.data.grantId, reason },
  },
];

describe('requesting an unlock', () => {
  it('allows an unlock with a valid grant, the right courier, a fresh nonce, inside the geofence', () => {
    const request = requestUnlock();
    given([deliveryScheduled(), accessGranted()])
      .when(request)
      .then([requested(request)]);
  });

  it('allows it at the very edge of the window and of the geofence', () => {
    const atStart = requestUnlock({}, at('13:30:00'));
    given([deliveryScheduled(), accessGranted()])
      .when(atStart)
      .then([requested(atStart)]);
    const atEnd = requestUnlock({}, at('15:00:00'));
    given([deliveryScheduled(), accessGranted()])
      .when(atEnd)
      .then([requested(atEnd)]);
    const onTheFence = requestUnlock({ courierPosition: { lat: 59.32974, lon: 18.0686 } });
    given([deliveryScheduled(), accessGranted()])
      .when(onTheFence)
      .then([requested(onTheFence)]);
  });

  it('denies an unlock with no grant', () => {
    const request = requestUnlock({ grantId: 'g-unknown' });
    given([deliveryScheduled(), accessGranted()]).when(request).then(denied(request, 'no_grant'));
  });

  it('denies an unlock before the grant window', () => {
    const request = requestUnlock({}, at('13:29:59'));
    given([deliveryScheduled(), accessGranted()])
      .when(request)
      .then(denied(request, 'not_yet_valid'));
  });

  it('denies an unlock after the grant window', () => {
    const request = requestUnlock({}, at('15:00:01'));
    given([deliveryScheduled(), accessGranted()]).when(request).then(denied(request, 'expired'));
  });

  it('denies an unlock on a grant the watchdog recorded as expired', () => {
    const request = requestUnlock();
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'GrantExpired', data: { grantId: 'g-1', notAfter: at('15:00:00') } },
    ])
      .when(request)
      .then(denied(request, 'expired'));
  });

  it('denies an unlock on a revoked grant', () => {
    const request = requestUnlock();
    given([
      deliveryScheduled(),
      accessGranted(),
      { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'security' } },
    ])
      .when(request)
      .then(denied(request, 'revoked'));
  });

  it('denies an unlock while the customer blocks in-car delivery', () => {
    const request = requestUnlock();
    given([
      deliveryScheduled(),
      accessGranted(),
      {
        type: 'InCarDeliveryBlocked',
        data: { customerId: 'cust-1', reason: null, blockedBy: 'customer' },
      },
    ])
      .when(request)
      .then(denied(request, 'blocked'));
  });

  it('denies an unlock by a courier not on the grant', () => {
    const request = requestUnlock({ courierId: 'c-999' });
    given([deliveryScheduled(), accessGranted()])
      .when(request)
      .then(denied(request, 'courier_mismatch'));
  });

  it('denies an unlock outside the geofence', () => {
    const request = requestUnlock({ courierPosition: FAR_FROM_CAR });
    given([deliveryScheduled(), accessGranted()])
      .when(request)
      .then(denied(request, 'outside_geofence'));
  });

  it('denies a second unlock on a single-use grant', () => {
    const request = requestUnlock();
    given([deliveryScheduled(), accessGranted(), unlockRequested('cmd-unlock-1', 'n-1')])
      .when(request)
      .then(denied(request, 'grant_used'));
  });

  it('keeps a single-use grant used after a request refused as grant_used (found by the model test)', () => {
    const refused = requestUnlock({ commandId: 'cmd-unlock-2', nonce: 'n-2' });
    const third = requestUnlock({ commandId: 'cmd-unlock-3', nonce: 'n-3' });
    given([
      deliveryScheduled(),
      accessGranted(),
      unlockRequested('cmd-unlock-1', 'n-1'),
      ...denied(refused, 'grant_used'),
    ])
      .when(third)
      .then(denied(third, 'grant_used'));
  });

  describe('a grant spent only by an unlock the car carried out', () => {
    const result = (outcome: CommandOutcome, vendorStatus: string) =>
      unlockResult(outcome, 'cmd-unlock-1', vendorStatus);
    const retry = requestUnlock({ commandId: 'cmd-unlock-2', nonce: 'n-2' }, at('14:01:00'));
    const first = unlockRequested('cmd-unlock-1', 'n-1');

    it('allows a retry with a new command id once the car did not run the first (failed)', () => {
      given([deliveryScheduled(), accessGranted(), first, result('failed', 'CONNECTION_FAILURE')])
        .when(retry)
        .then([requested(retry)]);
    });

    it('frees the grant when an ambiguous answer is followed by a failure (Volvo CAR_IN_SLEEP_MODE, then CONNECTION_FAILURE)', () => {
      given([
        deliveryScheduled(),
        accessGranted(),
        first,
        result('ambiguous', 'CAR_IN_SLEEP_MODE'),
        result('failed', 'CONNECTION_FAILURE'),
      ])
        .when(retry)
        .then([requested(retry)]);
    });

    it.each([
      ['pending', 'RUNNING'],
      ['accepted', 'DELIVERED'],
      ['ambiguous', 'CAR_IN_SLEEP_MODE'],
      ['succeeded', 'COMPLETED'],
    ] as const)(
      'keeps the grant spent while the first unlock is %s (%s)',
      (outcome, vendorStatus) => {
        given([deliveryScheduled(), accessGranted(), first, result(outcome, vendorStatus)])
          .when(retry)
          .then(denied(retry, 'grant_used'));
      },
    );

    it('keeps it spent when a failure comes after a success: the first definitive answer holds', () => {
      given([
        deliveryScheduled(),
        accessGranted(),
        first,
        result('succeeded', 'COMPLETED'),
        result('failed', 'CONNECTION_FAILURE'),
      ])
        .when(retry)
        .then(denied(retry, 'grant_used'));
    });

    it('allows a new unlock after the car locked itself again with nothing opened', () => {
      given([
        deliveryScheduled(),
        accessGranted(),
        first,
        result('succeeded', 'COMPLETED'),
        {
          type: 'CarRelocked',
          data: {
            unlockCommandIds: ['cmd-unlock-1'],
            grantIds: ['g-1'],
            statusTimestamp: at('14:00:50'),
          },
        },
      ])
        .when(retry)
        .then([requested(retry)]);
    });
  });

  it('allows a second unlock on a multi-use grant', () => {
    const request = requestUnlock();
    given([
      deliveryScheduled(),
      accessGranted({ singleUse: false }),
      unlockRequested('cmd-unlock-1', 'n-1'),
    ])
      .when(request)
      .then([requested(request)]);
  });

  it('does not count a denied unlock as a use of the grant', () => {
    const request = requestUnlock();
    given([
      deliveryScheduled(),
      accessGranted(),
      unlockRequested('cmd-unlock-1', 'n-1'),
      {
        type: 'UnlockDenied',
        data: { commandId: 'cmd-unlock-1', grantId: 'g-1', reason: 'outside_geofence' },
      },
    ])
      .when(request)
      .then([requested(request)]);
  });

  it('denies an unlock that replays a nonce already seen, even a denied one', () => {
    const request = requestUnlock({ nonce: 'n-1' });
    given([
      deliveryScheduled(),
      accessGranted({ singleUse: false }),
      unlockRequested('cmd-unlock-1', 'n-1'),
      {
        type: 'UnlockDenied',
        data: { commandId: 'cmd-unlock-1', grantId: 'g-1', reason: 'not_yet_valid' },
      },
    ])
      .when(request)
      .then(denied(request, 'replayed_nonce'));
  });

  it('reports the first reason that applies, in the documented order', () => {
    const replayOutsideAfterWindow = requestUnlock(
      { nonce: 'n-1', courierPosition: FAR_FROM_CAR },
      at('16:00:00'),
    );
    given([deliveryScheduled(), accessGranted(), unlockRequested('cmd-unlock-1', 'n-1')])
      .when(replayOutsideAfterWindow)
      .then(denied(replayOutsideAfterWindow, 'replayed_nonce'));
    const wrongCourierWhileBlocked = requestUnlock({ courierId: 'c-999' });
    given([
      deliveryScheduled(),
      accessGranted(),
      {
        type: 'InCarDeliveryBlocked',
        data: { customerId: 'cust-1', reason: null, blockedBy: 'customer' },
      },
    ])
      .when(wrongCourierWhileBlocked)
      .then(denied(wrongCourierWhileBlocked, 'blocked'));
  });

  it('denies any unlock once the delivery is completed', () => {
    const request = requestUnlock({ courierPosition: CAR_POSITION });
    given([
      deliveryScheduled(),
      accessGranted({ singleUse: false }),
      {
        type: 'DeliveryCompleted',
        data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
      },
    ])
      .when(request)
      .then(denied(request, 'no_grant'));
  });

  it('refuses a command id already used, storing nothing', () => {
    given([
      deliveryScheduled(),
      accessGranted({ singleUse: false }),
      unlockRequested('cmd-unlock-9', 'n-1'),
    ])
      .when(requestUnlock())
      .thenThrows(CommandIdTaken, 'COMMAND.ID_TAKEN');
  });

  describe('the car’s own position', () => {
    /** 400 m from the car: inside a 500 m reference area, outside the 50 m geofence and a 300 m area. */
    const ACROSS_THE_STREET = { lat: 59.3329, lon: 18.0686 };
    const scheduledWithArea = deliveryScheduled({ referenceArea: REFERENCE_AREA });

    it('denies an unlock while the car reports a position outside the reference area', () => {
      const request = requestUnlock();
      given([
        deliveryScheduled({ referenceArea: { ...REFERENCE_AREA, radiusM: 300 } }),
        accessGranted({ geofence: { center: CAR_POSITION, radiusM: 2000 } }),
        positionReported('13:58:00', ACROSS_THE_STREET),
      ])
        .when(request)
        .then(denied(request, 'vehicle_outside_area'));
    });

    it('denies an unlock while the car reports a position outside the grant’s geofence', () => {
      const request = requestUnlock();
      given([
        deliveryScheduled({ referenceArea: { ...REFERENCE_AREA, radiusM: 500 } }),
        accessGranted(),
        positionReported('13:58:00', ACROSS_THE_STREET),
      ])
        .when(request)
        .then(denied(request, 'vehicle_outside_area'));
    });

    it('checks the geofence alone when the delivery names no reference area', () => {
      const request = requestUnlock();
      given([deliveryScheduled(), accessGranted(), positionReported('13:58:00', MOVED_AWAY)])
        .when(request)
        .then(denied(request, 'vehicle_outside_area'));
    });

    it('denies it on a declared position too, before the grant’s revocation is named', () => {
      const request = requestUnlock();
      given([
        scheduledWithArea,
        accessGranted(),
        locationDeclared('13:50:00', MOVED_AWAY),
        { type: 'AccessRevoked', data: { grantId: 'g-1', reason: 'vehicle_moved' } },
      ])
        .when(request)
        .then(denied(request, 'vehicle_outside_area'));
    });

    it('allows the unlock when the car’s latest position is inside both', () => {
      const request = requestUnlock();
      given([scheduledWithArea, accessGranted(), positionReported('13:58:00', NEAR_CAR)])
        .when(request)
        .then([requested(request)]);
    });

    it('uses the latest position by its own time: a newer one inside replaces an older one outside', () => {
      const request = requestUnlock();
      given([
        scheduledWithArea,
        accessGranted(),
        positionReported('13:58:00', MOVED_AWAY),
        positionReported('13:59:00', NEAR_CAR),
      ])
        .when(request)
        .then([requested(request)]);
      given([
        scheduledWithArea,
        accessGranted(),
        positionReported('13:59:00', NEAR_CAR),
        positionReported('13:58:00', MOVED_AWAY, { timeVerdict: 'superseded' }),
      ])
        .when(request)
        .then([requested(request)]);
    });

    it('does not use a position older than the allowed age; one at exactly the age still counts', () => {
      const maxAge = DEFAULT_TIME_RULES.maxVehiclePositionAgeS;
      expect(maxAge).toBe(900);
      const stale = requestUnlock({}, at('14:15:01'));
      given([scheduledWithArea, accessGranted(), positionReported('14:00:00', MOVED_AWAY)])
        .when(stale)
        .then([requested(stale)]);
      const atTheAge = requestUnlock({}, at('14:15:00'));
      given([scheduledWithArea, accessGranted(), positionReported('14:00:00', MOVED_AWAY)])
        .when(atTheAge)
        .then(denied(atTheAge, 'vehicle_outside_area'));
    });

    it('ignores a position stamped in the future (evidence only)', () => {
      const request = requestUnlock();
      given([
        scheduledWithArea,
        accessGranted(),
        positionReported('14:30:00', MOVED_AWAY, { timeVerdict: 'timestamp_in_future' }),
      ])
        .when(request)
        .then([requested(request)]);
    });

    it('names a wrong courier or a replay before the car’s position, and the car before the courier’s', () => {
      const wrongCourier = requestUnlock({ courierId: 'c-999' });
      const moved = [scheduledWithArea, accessGranted(), positionReported('13:58:00', MOVED_AWAY)];
      given(moved).when(wrongCourier).then(denied(wrongCourier, 'courier_mismatch'));
      const courierAtTheNewSpot = requestUnlock({ courierPosition: MOVED_AWAY });
      given(moved)
        .when(courierAtTheNewSpot)
        .then(denied(courierAtTheNewSpot, 'vehicle_outside_area'));
    });
  });
});
