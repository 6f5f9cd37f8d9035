import type { Command } from '../shared/message.js';
import type { GeoPoint } from '../shared/geo-point.js';
import type { Instant } from '../shared/instant.js';
import type {
  AccessGranted,
  DeliveryFailed,
  DeliveryScheduled,
  PackagePlaced,
  VehiclePositionReported,
  VehicleStatusReported,
} from './delivery.events.js';
import type { Closure, RevocationReason, Vendor } from './delivery.vocabulary.js';

export type ScheduleDelivery = Command<'ScheduleDelivery', DeliveryScheduled['data']>;
export type DeclareVehicleLocation = Command<
  'DeclareVehicleLocation',
  { description: string; position: GeoPoint }
>;
export type BlockInCarDelivery = Command<'BlockInCarDelivery', { reason: string | null }>;
/** `reason` is recorded with the lift; an admin must give one. */
export type AllowInCarDelivery = Command<'AllowInCarDelivery', { reason: string | null }>;
export type ReportCourierApproaching = Command<
  'ReportCourierApproaching',
  { courierId: string; eta: Instant; courierName: string | null }
>;
export type GrantAccess = Command<'GrantAccess', AccessGranted['data']>;
export type RevokeAccess = Command<'RevokeAccess', { grantId: string; reason: RevocationReason }>;
export type RequestUnlock = Command<
  'RequestUnlock',
  {
    grantId: string;
    courierId: string;
    courierPosition: GeoPoint;
    commandId: string;
    nonce: string;
  }
>;
/** A carmaker's answer to an unlock or lock command, already read out of its own payload. */
export type RecordVendorCommandResult = Command<
  'RecordVendorCommandResult',
  {
    commandId: string;
    vendor: Vendor;
    vendorStatus: string;
    /** Which command the carmaker says this answers, when its payload says (GM `type`). */
    vendorCommand: 'unlock' | 'lock' | null;
    /** The carmaker's own name of that command, verbatim (GM `lockDoor`, `lockTrunk`). */
    vendorCommandName: string | null;
    /** When the carmaker says it received the command (GM `requestTime`), if it says. */
    vendorRequestTime: Instant | null;
    /**
     * When the car executed the command by the carmaker's clock, for carmakers whose command result
     * is the only status read there is (GM OnStar exposes no door or lock status).
     */
    vehicleCompletionTime: Instant | null;
    raw: unknown;
  }
>;
export type RecordClosure = Command<
  'RecordClosure',
  { closure: Closure; state: 'opened' | 'closed'; vehicleTimestamp: Instant }
>;
export type PlacePackage = Command<
  'PlacePackage',
  Omit<PackagePlaced['data'], 'geotagBeyondGeofenceM' | 'photoDueBy'> & {
    /** Whether the ledger already holds the image with this digest for the delivery (uploaded first). */
    photoHeld: boolean;
  }
>;
/** An uploaded image that matched a recorded drop's digest. */
export type AttachPhoto = Command<'AttachPhoto', { sha256: string }>;
export type FlagPhotoUploadOverdue = Command<'FlagPhotoUploadOverdue', { sha256: string }>;
export type CancelDelivery = Command<'CancelDelivery', { reason: string | null }>;
export type RequestLock = Command<'RequestLock', { commandId: string }>;
export type ReportVehicleStatus = Command<
  'ReportVehicleStatus',
  Omit<VehicleStatusReported['data'], 'lockVerdict' | 'judgement'>
>;
/** A location read of the car, already read out of the carmaker's payload. */
export type ReportVehiclePosition = Command<
  'ReportVehiclePosition',
  Omit<VehiclePositionReported['data'], 'timeVerdict'>
>;
export type CompleteDelivery = Command<'CompleteDelivery', Record<string, never>>;
export type FailDelivery = Command<'FailDelivery', DeliveryFailed['data']>;
export type ExpireGrant = Command<'ExpireGrant', { grantId: string }>;
export type FlagLockConfirmationOverdue = Command<
  'FlagLockConfirmationOverdue',
  Record<string, never>
>;

export type FlagCarLeftUnlocked = Command<'FlagCarLeftUnlocked', Record<string, never>>;

export type DeliveryCommand =
  | ScheduleDelivery
  | DeclareVehicleLocation
  | BlockInCarDelivery
  | AllowInCarDelivery
  | ReportCourierApproaching
  | GrantAccess
  | RevokeAccess
  | RequestUnlock
  | RecordVendorCommandResult
  | RecordClosure
  | PlacePackage
  | AttachPhoto
  | FlagPhotoUploadOverdue
  | CancelDelivery
  | RequestLock
  | ReportVehicleStatus
  | ReportVehiclePosition
  | CompleteDelivery
  | FailDelivery
  | ExpireGrant
  | FlagLockConfirmationOverdue
  | FlagCarLeftUnlocked;

export type DeliveryCommandType = DeliveryCommand['type'];
