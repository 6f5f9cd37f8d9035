import { DELIVERY_PERSONAL_FIELDS } from '../domain/delivery/delivery.personal-data.js';
import { isDeliveryEventType } from '../domain/delivery/delivery.events.js';
import type { PersonalField } from '../domain/shared/personal-data.js';
import { VEHICLE_PERSONAL_FIELDS } from '../domain/vehicle/vehicle.personal-data.js';
import { isVehicleEventType } from '../domain/vehicle/vehicle.events.js';

const NONE: readonly PersonalField[] = [];

/** The personal fields of any event the ledger stores (none for an event type without any). */
export function personalFieldsOf(type: string): readonly PersonalField[] {
  if (isDeliveryEventType(type)) return DELIVERY_PERSONAL_FIELDS[type];
  if (isVehicleEventType(type)) return VEHICLE_PERSONAL_FIELDS[type];
  return NONE;
}
