import {
  gps,
  personName,
  type PersonalField,
  photo,
  placeDescription,
  vendorPayload,
} from '../shared/personal-data.js';
import type { DeliveryEventType } from './delivery.events.js';

/**
 * The personal fields (* in PRODUCT.md) of each delivery event. The privacy layer encrypts exactly
 * these before an event is hashed and stored; the views show each by the reader's role. Raw carmaker
 * payloads are listed too: they carry the VIN and may carry the car's position.
 */
export const DELIVERY_PERSONAL_FIELDS: Record<DeliveryEventType, readonly PersonalField[]> = {
  DeliveryScheduled: [gps('referenceArea.center')],
  VehicleLocationDeclared: [placeDescription('description'), gps('position')],
  InCarDeliveryBlocked: [],
  InCarDeliveryAllowed: [],
  CourierApproaching: [personName('courierName')],
  AccessGranted: [gps('geofence.center')],
  AccessRevoked: [],
  UnlockRequested: [gps('courierPosition')],
  UnlockDenied: [],
  UnlockCommandResult: [vendorPayload('raw')],
  LockCommandResult: [vendorPayload('raw')],
  ClosureOpened: [],
  ClosureClosed: [],
  PackagePlaced: [photo('photo.ref'), gps('photo.geotag')],
  LockRequested: [],
  VehicleStatusReported: [vendorPayload('raw')],
  VehiclePositionReported: [gps('position'), vendorPayload('raw')],
  LockConfirmed: [],
  DeliveryCompleted: [],
  DeliveryFailed: [],
  GrantExpired: [],
  LockConfirmationOverdue: [],
  CarRelocked: [],
  CarLeftUnlocked: [],
  CommandRefused: [],
};
