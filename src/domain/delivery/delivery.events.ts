import type { DomainEvent } from '../shared/message.js';
import type { GeoPoint } from '../shared/geo-point.js';
import type { Instant } from '../shared/instant.js';
import type {
  CentralLockState,
  Closure,
  ClosureState,
  CommandOutcome,
  DeliveryTarget,
  FailureFallback,
  LockVerdict,
  RevocationReason,
  UnlockDenialReason,
  Vendor,
} from './delivery.vocabulary.js';

/** Stream `delivery-{deliveryId}`. Fields listed in delivery.personal-data.ts are personal data. */
export const deliveryStreamId = (deliveryId: string): string => `delivery-${deliveryId}`;

export interface TimeWindow {
  readonly from: Instant;
  readonly to: Instant;
}

export interface Geofence {
  readonly center: GeoPoint;
  readonly radiusM: number;
}

export interface PackagePhoto {
  readonly sha256: string;
  readonly ref: string;
  readonly capturedAt: Instant;
  readonly geotag: GeoPoint | null;
}

export type DeliveryScheduled = DomainEvent<
  'DeliveryScheduled',
  {
    deliveryId: string;
    orderId: string;
    customerId: string;
    vehicleId: string;
    vendor: Vendor;
    window: TimeWindow;
    target: DeliveryTarget;
  }
>;
export type VehicleLocationDeclared = DomainEvent<
  'VehicleLocationDeclared',
  { description: string; position: GeoPoint }
>;
export type InCarDeliveryBlocked = DomainEvent<
  'InCarDeliveryBlocked',
  { customerId: string; reason: string | null }
>;
export type InCarDeliveryAllowed = DomainEvent<'InCarDeliveryAllowed', { customerId: string }>;
export type CourierApproaching = DomainEvent<
  'CourierApproaching',
  { courierId: string; eta: Instant; courierName: string | null }
>;
export type AccessGranted = DomainEvent<
  'AccessGranted',
  {
    grantId: string;
    courierId: string;
    notBefore: Instant;
    notAfter: Instant;
    geofence: Geofence;
    scope: DeliveryTarget;
    singleUse: boolean;
    nonce: string;
  }
>;
export type AccessRevoked = DomainEvent<
  'AccessRevoked',
  { grantId: string; reason: RevocationReason }
>;
export type UnlockRequested = DomainEvent<
  'UnlockRequested',
  {
    grantId: string;
    courierId: string;
    courierPosition: GeoPoint;
    commandId: string;
    nonce: string;
  }
>;
export type UnlockDenied = DomainEvent<
  'UnlockDenied',
  { commandId: string; grantId: string; reason: UnlockDenialReason }
>;

export interface VendorCommandResultData {
  commandId: string;
  vendor: Vendor;
  /** The carmaker's own status, verbatim. */
  vendorStatus: string;
  outcome: CommandOutcome;
  /** The carmaker's payload, verbatim. */
  raw: unknown;
}
export type UnlockCommandResult = DomainEvent<'UnlockCommandResult', VendorCommandResultData>;
export type LockCommandResult = DomainEvent<'LockCommandResult', VendorCommandResultData>;

export type ClosureOpened = DomainEvent<
  'ClosureOpened',
  { closure: Closure; vehicleTimestamp: Instant }
>;
export type ClosureClosed = DomainEvent<
  'ClosureClosed',
  { closure: Closure; vehicleTimestamp: Instant }
>;
export type PackagePlaced = DomainEvent<
  'PackagePlaced',
  {
    packageId: string;
    photo: PackagePhoto;
    /**
     * v2: how far the photo's geotag lies outside the nearest geofence, in whole metres (negative:
     * inside); null without a geotag or a geofence. Worked out while the geotag is still in clear, so
     * that the read side, which sees only ciphertext, can still tell a photo taken away from the car.
     */
    geotagBeyondGeofenceM: number | null;
  }
>;
export type LockRequested = DomainEvent<
  'LockRequested',
  { commandId: string; requestedAt: Instant }
>;
/** A vehicle status read as the carmaker reported it, normalised; the evidence behind LockConfirmed. */
export type VehicleStatusReported = DomainEvent<
  'VehicleStatusReported',
  {
    vendor: Vendor;
    statusTimestamp: Instant;
    centralLock: CentralLockState;
    closures: Partial<Record<Closure, ClosureState>>;
    raw: unknown;
    /** Whether this read confirmed the lock and, if not, why not. */
    lockVerdict: LockVerdict;
  }
>;
export type LockConfirmed = DomainEvent<
  'LockConfirmed',
  { commandId: string; vendor: Vendor; statusTimestamp: Instant }
>;
export type DeliveryCompleted = DomainEvent<
  'DeliveryCompleted',
  { lockCommandId: string; lockConfirmedAt: Instant }
>;
export type DeliveryFailed = DomainEvent<
  'DeliveryFailed',
  { reason: string; fallback: FailureFallback }
>;
export type GrantExpired = DomainEvent<'GrantExpired', { grantId: string; notAfter: Instant }>;
export type LockConfirmationOverdue = DomainEvent<
  'LockConfirmationOverdue',
  { lastClosedAt: Instant; dueAt: Instant }
>;
/** A command the rules refused, recorded so that nothing is silently dropped. */
export type CommandRefused = DomainEvent<
  'CommandRefused',
  { command: string; code: string; message: string }
>;

export type DeliveryEvent =
  | DeliveryScheduled
  | VehicleLocationDeclared
  | InCarDeliveryBlocked
  | InCarDeliveryAllowed
  | CourierApproaching
  | AccessGranted
  | AccessRevoked
  | UnlockRequested
  | UnlockDenied
  | UnlockCommandResult
  | LockCommandResult
  | ClosureOpened
  | ClosureClosed
  | PackagePlaced
  | LockRequested
  | VehicleStatusReported
  | LockConfirmed
  | DeliveryCompleted
  | DeliveryFailed
  | GrantExpired
  | LockConfirmationOverdue
  | CommandRefused;

export type DeliveryEventType = DeliveryEvent['type'];

/** Every event's schema version; bump one when its data changes shape, and upcast old ones on read. */
export const DELIVERY_EVENT_SCHEMA_VERSIONS: Record<DeliveryEventType, number> = {
  DeliveryScheduled: 1,
  VehicleLocationDeclared: 1,
  InCarDeliveryBlocked: 1,
  InCarDeliveryAllowed: 1,
  CourierApproaching: 2,
  AccessGranted: 1,
  AccessRevoked: 1,
  UnlockRequested: 1,
  UnlockDenied: 1,
  UnlockCommandResult: 1,
  LockCommandResult: 1,
  ClosureOpened: 1,
  ClosureClosed: 1,
  PackagePlaced: 2,
  LockRequested: 2,
  VehicleStatusReported: 1,
  LockConfirmed: 1,
  DeliveryCompleted: 1,
  DeliveryFailed: 1,
  GrantExpired: 1,
  LockConfirmationOverdue: 1,
  CommandRefused: 1,
};

export const isDeliveryEventType = (type: string): type is DeliveryEventType =>
  Object.hasOwn(DELIVERY_EVENT_SCHEMA_VERSIONS, type);
