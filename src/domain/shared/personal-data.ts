/**
 * What kind of personal data a field holds: the views (PRODUCT.md) treat each kind its own way —
 * a position becomes a geohash, a plate a keyed-hash token, a photo its digest.
 */
export type PersonalDataKind =
  'gps' | 'plate' | 'photo' | 'person-name' | 'place-description' | 'vendor-payload';

/**
 * Whose personal data a field is: the customer's (their car, its place, their photos), or the
 * courier's (where the courier stood, their name). Each is sealed under its own subject's key, so
 * either can be erased without touching the other.
 */
export type DataSubjectKind = 'customer' | 'courier';

/** A personal field of an event's data, as a dotted path. */
export interface PersonalField {
  readonly path: string;
  readonly kind: PersonalDataKind;
  readonly subject: DataSubjectKind;
}

const field = (path: string, kind: PersonalDataKind): PersonalField => ({
  path,
  kind,
  subject: 'customer',
});

/** The same field, as the courier's personal data (sealed under the courier's key). */
export const ofCourier = (personal: PersonalField): PersonalField => ({
  ...personal,
  subject: 'courier',
});

export const gps = (path: string) => field(path, 'gps');
export const plate = (path: string) => field(path, 'plate');
export const photo = (path: string) => field(path, 'photo');
export const personName = (path: string) => field(path, 'person-name');
export const placeDescription = (path: string) => field(path, 'place-description');
export const vendorPayload = (path: string) => field(path, 'vendor-payload');
