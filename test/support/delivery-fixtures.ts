import type { Actor } from '../../src/domain/shared/actor.js';
import type { GeoPoint } from '../../src/domain/shared/geo-point.js';
import type { Instant } from '../../src/domain/shared/instant.js';
import type { DeliveryCommand } from '../../src/domain/delivery/delivery.commands.js';
import type { CommandOutcome } from '../../src/domain/delivery/delivery.vocabulary.js';
import type {
  AccessGranted,
  CarLeftUnlocked,
  DeliveryEvent,
  DeliveryScheduled,
  VehiclePositionReported,
  VehicleStatusReported,
} from '../../src/domain/delivery/delivery.events.js';

/** A delivery in Stockholm on 25 November 2026: window 13:00–17:00 UTC, a grant 13:30–15:00. */
export const at = (time: string): Instant => `2026-11-25T${time}.000Z`;

export const CAR_POSITION: GeoPoint = { lat: 59.3293, lon: 18.0686 };
/** About 111 m north of the car: outside a 50 m geofence. */
export const FAR_FROM_CAR: GeoPoint = { lat: 59.3303, lon: 18.0686 };
export const NEAR_CAR: GeoPoint = { lat: 59.32935, lon: 18.0686 };

export const courierActor: Actor = { id: 'delivery-system', role: 'delivery-service' };

export function command<C extends DeliveryCommand>(
  type: C['type'],
  data: C['data'],
  now: Instant = at('14:00:00'),
  actor: Actor = courierActor,
): C {
  return { type, data, metadata: { now, actor } } as C;
}

export const deliveryScheduled = (
  overrides: Partial<DeliveryScheduled['data']> = {},
): DeliveryScheduled => ({
  type: 'DeliveryScheduled',
  data: {
    deliveryId: 'd-1',
    orderId: 'o-1',
    customerId: 'cust-1',
    vehicleId: 'v-1',
    vendor: 'volvo',
    window: { from: at('13:00:00'), to: at('17:00:00') },
    target: 'trunk',
    ...overrides,
  },
});

export const accessGranted = (overrides: Partial<AccessGranted['data']> = {}): AccessGranted => ({
  type: 'AccessGranted',
  data: {
    grantId: 'g-1',
    courierId: 'c-123',
    notBefore: at('13:30:00'),
    notAfter: at('15:00:00'),
    geofence: { center: CAR_POSITION, radiusM: 50 },
    scope: 'trunk',
    singleUse: true,
    nonce: 'grant-nonce-1',
    ...overrides,
  },
});

export const unlockRequested = (
  commandId = 'cmd-unlock-1',
  nonce = 'n-1',
  requestedAt = at('14:00:00'),
): DeliveryEvent => ({
  type: 'UnlockRequested',
  data: {
    grantId: 'g-1',
    courierId: 'c-123',
    courierPosition: CAR_POSITION,
    commandId,
    nonce,
    requestedAt,
  },
});

/** Volvo's verbatim status for each outcome, as the carmaker's answer to a command would carry it. */
const VOLVO_STATUS_OF: Record<CommandOutcome, string> = {
  succeeded: 'COMPLETED',
  accepted: 'DELIVERED',
  pending: 'RUNNING',
  failed: 'CONNECTION_FAILURE',
  ambiguous: 'CAR_IN_SLEEP_MODE',
};

export const unlockResult = (
  outcome: CommandOutcome,
  commandId = 'cmd-unlock-1',
  vendorStatus = VOLVO_STATUS_OF[outcome],
): DeliveryEvent => ({
  type: 'UnlockCommandResult',
  data: {
    commandId,
    vendor: 'volvo',
    vendorStatus,
    outcome,
    raw: { data: { invokeStatus: vendorStatus } },
    vendorCommand: null,
    carmakerTimes: null,
    timeVerdict: null,
  },
});

/** The watchdog's finding for an unlock at 14:00 with no lock confirmed by 14:05. */
export const carLeftUnlocked = (
  overrides: Partial<CarLeftUnlocked['data']> = {},
): CarLeftUnlocked => ({
  type: 'CarLeftUnlocked',
  data: {
    unlockCommandIds: ['cmd-unlock-1'],
    unlockedSince: at('14:00:00'),
    dueAt: at('14:05:00'),
    lockCommandId: 'ledger-lock-1',
    ...overrides,
  },
});

/** The carmaker's answer to the unlock command: COMPLETED (succeeded) unless told otherwise. */
export const unlockCommandResult = (
  outcome: 'succeeded' | 'ambiguous' | 'failed' = 'succeeded',
  commandId = 'cmd-unlock-1',
): DeliveryEvent => ({
  type: 'UnlockCommandResult',
  data: {
    commandId,
    vendor: 'volvo',
    vendorStatus: { succeeded: 'COMPLETED', ambiguous: 'UNKNOWN', failed: 'REJECTED' }[outcome],
    outcome,
    raw: {},
    vendorCommand: null,
    carmakerTimes: null,
    timeVerdict: null,
  },
});

export const lockRequested = (
  requestedAt = at('14:05:00'),
  commandId = 'cmd-lock-1',
): DeliveryEvent => ({
  type: 'LockRequested',
  data: { commandId, requestedAt },
});

export const closure = (
  state: 'opened' | 'closed',
  time: string,
  which: 'trunk' | 'front_left' = 'trunk',
): DeliveryEvent =>
  state === 'opened'
    ? {
        type: 'ClosureOpened',
        data: { closure: which, vehicleTimestamp: at(time), timeVerdict: null },
      }
    : {
        type: 'ClosureClosed',
        data: { closure: which, vehicleTimestamp: at(time), timeVerdict: null },
      };

/** Scheduled, granted, unlocked, the trunk opened at 14:02 and closed at 14:04: ready for the lock. */
export const unlockedAndClosed = (
  scheduled: Partial<DeliveryScheduled['data']> = {},
  granted: Partial<AccessGranted['data']> = {},
): DeliveryEvent[] => [
  deliveryScheduled(scheduled),
  accessGranted(granted),
  unlockRequested(),
  closure('opened', '14:02:00'),
  closure('closed', '14:04:00'),
];

export const DROP_PHOTO = {
  sha256: 'cd'.repeat(32),
  ref: `keytrail:photo:d-1/${'cd'.repeat(32)}`,
  capturedAt: at('14:02:30'),
  geotag: null,
};

/** A package placed at the drop; its photo already held (photoDueBy null) unless a due moment is given. */
export const packagePlaced = (
  packageId = 'p-1',
  photoDueBy: Instant | null = null,
  photo = DROP_PHOTO,
): DeliveryEvent => ({
  type: 'PackagePlaced',
  data: { packageId, photo, geotagBeyondGeofenceM: null, photoDueBy },
});

export const statusRead = (
  time: string,
  overrides: Partial<VehicleStatusReported['data']> = {},
): Omit<VehicleStatusReported['data'], 'lockVerdict' | 'judgement'> => ({
  vendor: 'volvo',
  statusTimestamp: at(time),
  centralLock: 'LOCKED',
  closures: {
    trunk: 'closed',
    front_left: 'closed',
    front_right: 'closed',
    rear_left: 'closed',
    rear_right: 'closed',
    frunk: 'closed',
  },
  windows: {},
  fieldTimes: {},
  contradictions: [],
  raw: { data: {} },
  ...overrides,
});

export const lockConfirmed = (time = '14:05:30', commandId = 'cmd-lock-1'): DeliveryEvent => ({
  type: 'LockConfirmed',
  data: { commandId, vendor: 'volvo', statusTimestamp: at(time), evidence: 'status_observed' },
});

/** About 3 km north of the car: where a customer may say the car was moved to. */
export const MOVED_AWAY: GeoPoint = { lat: 59.3563, lon: 18.0686 };

/** The customer's address area: 300 m around the car's usual spot. */
export const REFERENCE_AREA = { center: CAR_POSITION, radiusM: 300 };

export const locationDeclared = (
  time: string,
  position: GeoPoint = CAR_POSITION,
): DeliveryEvent => ({
  type: 'VehicleLocationDeclared',
  data: { description: 'Garage P2, bay 41', position, declaredAt: at(time) },
});

export const positionReported = (
  time: string,
  position: GeoPoint = CAR_POSITION,
  overrides: Partial<VehiclePositionReported['data']> = {},
): VehiclePositionReported => ({
  type: 'VehiclePositionReported',
  data: {
    vendor: 'volvo',
    position,
    positionAt: at(time),
    heading: 90,
    raw: { data: {} },
    timeVerdict: null,
    ...overrides,
  },
});
