import { DELIVERY_PERSONAL_FIELDS } from '../domain/delivery/delivery.personal-data.js';
import { isDeliveryEventType } from '../domain/delivery/delivery.events.js';
import { type PersonalField, vendorPayload } from '../domain/shared/personal-data.js';
import { VEHICLE_PERSONAL_FIELDS } from '../domain/vehicle/vehicle.personal-data.js';
import { isVehicleEventType } from '../domain/vehicle/vehicle.events.js';

/** The body a carmaker signed, stored with each fact its request caused: the payload's bytes. */
const SIGNED_BODY = vendorPayload('sourceSignature.body');

const withSignedBody = <T extends string>(fields: Record<T, readonly PersonalField[]>) =>
  Object.fromEntries(
    Object.entries<readonly PersonalField[]>(fields).map(([type, own]) => [
      type,
      [...own, SIGNED_BODY],
    ]),
  ) as unknown as Record<T, readonly PersonalField[]>;

const DELIVERY_FIELDS = withSignedBody(DELIVERY_PERSONAL_FIELDS);
const VEHICLE_FIELDS = withSignedBody(VEHICLE_PERSONAL_FIELDS);
const NONE: readonly PersonalField[] = [];

/** The personal fields of any event the ledger stores (none for an event type without any). */
export function personalFieldsOf(type: string): readonly PersonalField[] {
  if (isDeliveryEventType(type)) return DELIVERY_FIELDS[type];
  if (isVehicleEventType(type)) return VEHICLE_FIELDS[type];
  return NONE;
}
