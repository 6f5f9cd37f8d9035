import type { DeliveryEventType } from './delivery.events.js';

/**
 * The personal fields (* in PRODUCT.md) of each delivery event, as dotted paths into its data.
 * The privacy layer encrypts exactly these before an event is hashed and stored; views redact them.
 * Raw carmaker payloads are listed too: they carry the VIN and may carry the car's position.
 */
export const DELIVERY_PERSONAL_FIELDS: Record<DeliveryEventType, readonly string[]> = {
  DeliveryScheduled: [],
  VehicleLocationDeclared: ['description', 'position'],
  InCarDeliveryBlocked: [],
  InCarDeliveryAllowed: [],
  CourierApproaching: ['courierName'],
  AccessGranted: ['geofence.center'],
  AccessRevoked: [],
  UnlockRequested: ['courierPosition'],
  UnlockDenied: [],
  UnlockCommandResult: ['raw'],
  LockCommandResult: ['raw'],
  ClosureOpened: [],
  ClosureClosed: [],
  PackagePlaced: ['photo.ref', 'photo.geotag'],
  LockRequested: [],
  VehicleStatusReported: ['raw'],
  LockConfirmed: [],
  DeliveryCompleted: [],
  DeliveryFailed: [],
  GrantExpired: [],
  LockConfirmationOverdue: [],
  CommandRefused: [],
};
