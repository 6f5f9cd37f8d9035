import type { DomainEvent } from '../shared/message.js';
import type { GeoPoint } from '../shared/geo-point.js';
import type { Instant } from '../shared/instant.js';
import type {
  Attribution,
  BlockerRole,
  CentralLockState,
  Closure,
  ClosureState,
  CommandOutcome,
  DeliveryTarget,
  FailureFallback,
  LockEvidence,
  LockVerdict,
  RevocationReason,
  SourceTimeVerdict,
  StatusField,
  UnlockDenialReason,
  Vendor,
  Window,
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

/** The customer's address area (home or office): the service opens the car only near it. */
export type ReferenceArea = Geofence;

export interface PackagePhoto {
  readonly sha256: string;
  readonly ref: string;
  readonly capturedAt: Instant;
  readonly geotag: GeoPoint | null;
}

/** A package the delivery is expected to bring. */
export interface ExpectedPackage {
  readonly packageId: string;
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
    /** Optional, present only when given: the packages expected (packages_missing compares at completion). */
    packages?: readonly ExpectedPackage[];
    /** Optional, present only when given: the earlier attempt this delivery is a re-delivery of. */
    previousDeliveryId?: string;
    /** Where the car must stand for it to be opened; absent when the delivery system did not say. */
    referenceArea?: ReferenceArea;
  }
>;
export type VehicleLocationDeclared = DomainEvent<
  'VehicleLocationDeclared',
  {
    description: string;
    position: GeoPoint;
    /** v2: when the ledger was told, by its clock: how old the position is when an unlock is judged. */
    declaredAt: Instant;
  }
>;
/** v2 names the role that blocked (v1 is read with the role of its envelope's actor). */
export type InCarDeliveryBlocked = DomainEvent<
  'InCarDeliveryBlocked',
  { customerId: string; reason: string | null; blockedBy: BlockerRole }
>;
/** v2 names the role that lifted the block, and the reason given (an admin must give one). */
export type InCarDeliveryAllowed = DomainEvent<
  'InCarDeliveryAllowed',
  { customerId: string; liftedBy: BlockerRole; reason: string | null }
>;
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
    /** v2: the ledger's time of the request: when the car may have stood unlocked from. */
    requestedAt: Instant;
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
  /** v2: the carmaker's own name of the command it ran (GM `lockDoor`, `lockTrunk`), if it says. */
  vendorCommand: string | null;
  /** v2: when the carmaker received and completed the command, by its own clock, if it says. */
  carmakerTimes: { requestTime: Instant | null; completionTime: Instant | null } | null;
  /** v2: set when a carmaker time lies too far ahead of the ledger's clock: the result confirms nothing. */
  timeVerdict: SourceTimeVerdict | null;
}
export type UnlockCommandResult = DomainEvent<'UnlockCommandResult', VendorCommandResultData>;
export type LockCommandResult = DomainEvent<'LockCommandResult', VendorCommandResultData>;

export interface ClosureFact {
  closure: Closure;
  vehicleTimestamp: Instant;
  /** v2: why this fact changed no closure state (future stamp, older than what is known); else null. */
  timeVerdict: SourceTimeVerdict | null;
  /** Present only on a fact stamped after the delivery was handed back: the owner's own use. */
  attributedTo?: Attribution;
}
export type ClosureOpened = DomainEvent<'ClosureOpened', ClosureFact>;
export type ClosureClosed = DomainEvent<'ClosureClosed', ClosureFact>;
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
    /**
     * v3: the end of the grace period for uploading the photo (the drop's ledger time plus
     * KEYTRAIL_PHOTO_LATE_DAYS); null when the ledger already held the photo when the drop was recorded
     * (always so before v3, when a drop needed its photo uploaded first).
     */
    photoDueBy: Instant | null;
  }
>;
/** The photo uploaded for a drop recorded before it: its image matched the recorded digest. */
export type PhotoAttached = DomainEvent<
  'PhotoAttached',
  { sha256: string; packageIds: readonly string[] }
>;
/** Appended by the watchdog: the grace period ended with no photo for the recorded digest. */
export type PhotoUploadOverdue = DomainEvent<
  'PhotoUploadOverdue',
  { sha256: string; packageIds: readonly string[]; dueBy: Instant }
>;
/** Stopped before the unlock, by the delivery service or the customer. */
export type DeliveryCancelled = DomainEvent<'DeliveryCancelled', { reason: string | null }>;
export type LockRequested = DomainEvent<
  'LockRequested',
  { commandId: string; requestedAt: Instant }
>;
/** What a status read's verdict compared with what: the anchor, the source's clock, the deciding field. */
export interface StatusJudgement {
  /** The moment every relied-on field had to be read after, in the source's clock; null without a lock request. */
  anchor: {
    kind: 'carmaker_acknowledgement' | 'lock_request_corrected';
    at: Instant;
  } | null;
  /** The source's clock offset estimate (its clock − the ledger's), in seconds, from its earlier reads. */
  clockOffsetS: number;
  toleranceS: number;
  /** The field the verdict turned on and its own timestamp; null when none did. */
  field: StatusField | null;
  fieldAt: Instant | null;
  /** This read's clock sample (ledger time − its newest field's time), when it is fit to be one. */
  clockSampleS: number | null;
}

/** A vehicle status read as the carmaker reported it, normalised; the evidence behind LockConfirmed. */
export type VehicleStatusReported = DomainEvent<
  'VehicleStatusReported',
  {
    vendor: Vendor;
    /** The read's stamp: when the central lock was read, by the car's clock. */
    statusTimestamp: Instant;
    centralLock: CentralLockState;
    closures: Partial<Record<Closure, ClosureState>>;
    /** v2: windows and sunroof, where the carmaker reports them. */
    windows: Partial<Record<Window, ClosureState>>;
    /** v2: each field's own timestamp (when that value was read from the car); the stamp otherwise. */
    fieldTimes: Partial<Record<StatusField, Instant>>;
    /** v2: fields the payload states twice with different values (aliases, duplicates). */
    contradictions: string[];
    raw: unknown;
    /** Whether this read confirmed the lock and, if not, why not. */
    lockVerdict: LockVerdict;
    /** v2: what the verdict compared with what; null on reads recorded before v2. */
    judgement: StatusJudgement | null;
    /** Present only on a read stamped after the delivery was handed back: the owner's own use. */
    attributedTo?: Attribution;
  }
>;
export type LockConfirmed = DomainEvent<
  'LockConfirmed',
  {
    commandId: string;
    vendor: Vendor;
    statusTimestamp: Instant;
    /** v2: a status read of the car, or the carmaker's acknowledgement of the lock command (GM). */
    evidence: LockEvidence;
  }
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
/**
 * The car locked itself again after an unlock with nothing opened since (its own relock time passed):
 * the unlock opened nothing, and the single-use grants it spent may be used again.
 */
export type CarRelocked = DomainEvent<
  'CarRelocked',
  { unlockCommandIds: string[]; grantIds: string[]; statusTimestamp: Instant }
>;
/**
 * Recorded by the watchdog: an unlock succeeded (or may have) and no lock confirmation held
 * `leftUnlockedS` after it. The ledger asks for a lock in the same append (`lockCommandId`).
 */
export type CarLeftUnlocked = DomainEvent<
  'CarLeftUnlocked',
  { unlockCommandIds: string[]; unlockedSince: Instant; dueAt: Instant; lockCommandId: string }
>;
/** Where the carmaker says the car is: a location read of the car itself (Volvo, Tesla, GM). */
export type VehiclePositionReported = DomainEvent<
  'VehiclePositionReported',
  {
    vendor: Vendor;
    position: GeoPoint;
    /** When the car fixed the position, by its clock (Volvo `timestamp`, Tesla `gps_as_of`, GM `completionTime`). */
    positionAt: Instant;
    /** Degrees from north, where the carmaker says. */
    heading: number | null;
    /** The carmaker's payload, verbatim. */
    raw: unknown;
    /** Why it is not the car's latest known position: stamped in the future, or older than the one known. */
    timeVerdict: SourceTimeVerdict | null;
  }
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
  | PhotoAttached
  | PhotoUploadOverdue
  | DeliveryCancelled
  | LockRequested
  | VehicleStatusReported
  | VehiclePositionReported
  | LockConfirmed
  | DeliveryCompleted
  | DeliveryFailed
  | GrantExpired
  | LockConfirmationOverdue
  | CarRelocked
  | CarLeftUnlocked
  | CommandRefused;

export type DeliveryEventType = DeliveryEvent['type'];

/** Every event's schema version; bump one when its data changes shape, and upcast old ones on read. */
export const DELIVERY_EVENT_SCHEMA_VERSIONS: Record<DeliveryEventType, number> = {
  DeliveryScheduled: 1,
  VehicleLocationDeclared: 2,
  InCarDeliveryBlocked: 2,
  InCarDeliveryAllowed: 2,
  CourierApproaching: 2,
  AccessGranted: 1,
  AccessRevoked: 1,
  UnlockRequested: 2,
  UnlockDenied: 1,
  UnlockCommandResult: 2,
  LockCommandResult: 2,
  ClosureOpened: 2,
  ClosureClosed: 2,
  PackagePlaced: 3,
  PhotoAttached: 1,
  PhotoUploadOverdue: 1,
  DeliveryCancelled: 1,
  LockRequested: 2,
  VehicleStatusReported: 2,
  VehiclePositionReported: 1,
  LockConfirmed: 2,
  DeliveryCompleted: 1,
  DeliveryFailed: 1,
  GrantExpired: 1,
  LockConfirmationOverdue: 1,
  CarRelocked: 1,
  CarLeftUnlocked: 1,
  CommandRefused: 1,
};

export const isDeliveryEventType = (type: string): type is DeliveryEventType =>
  Object.hasOwn(DELIVERY_EVENT_SCHEMA_VERSIONS, type);
