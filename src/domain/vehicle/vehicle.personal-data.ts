import { type PersonalField, photo, plate } from '../shared/personal-data.js';
import type { VehicleEventType } from './vehicle.events.js';

/** The personal fields of vehicle events (* in PRODUCT.md): the plate and the car's photo. */
export const VEHICLE_PERSONAL_FIELDS: Record<VehicleEventType, readonly PersonalField[]> = {
  VehicleLinked: [plate('plate'), photo('photo')],
  VehicleUnlinked: [],
};
