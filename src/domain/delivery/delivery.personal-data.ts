import {
  gps,
  ofCourier,
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
 *
 * Each field belongs to one data subject. Where the courier stood when asking to unlock, and the
 * courier's name, are the courier's (`ofCourier`); everything about the car and the drop is the
 * customer's: the geofence and reference area are where the car stands, and the drop photo with its
 * geotag shows where the package was left, in the customer's car.
 */
export const DELIVERY_PERSONAL_FIELDS: Record<DeliveryEventType, readonly PersonalField[]> = {
  DeliveryScheduled: [gps('referenceArea.center')],
  VehicleLocationDeclared: [placeDescription('description'), gps('position')],
  InCarDeliveryBlocked: [],
  InCarDeliveryAllowed: [],
  CourierApproaching: [ofCourier(personName('courierName'))],
  AccessGranted: [gps('geofence.center')],
  AccessRevoked: [],
  UnlockRequested: [ofCourier(gps('courierPosition'))],
  UnlockDenied: [],
  UnlockCommandResult: [vendorPayload('raw')],
  LockCommandResult: [vendorPayload('raw')],
  ClosureOpened: [],
  ClosureClosed: [],
  PackagePlaced: [photo('photo.ref'), gps('photo.geotag')],
  PhotoAttached: [],
  PhotoUploadOverdue: [],
  DeliveryCancelled: [],
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
