import ngeohash from 'ngeohash';

import { courierOfStream } from '../../../domain/courier/courier.events.js';
import { isGeoPoint } from '../../../domain/shared/geo-point.js';
import type { PersonalDataKind, PersonalField } from '../../../domain/shared/personal-data.js';
import { personalFieldsOf } from '../../../privacy/personal-field-registry.js';
import { personalValue, setPersonalValue } from '../../../privacy/personal-fields.js';
import type { Pseudonyms } from '../../../privacy/pseudonyms.js';
import { INVESTIGATION_PURPOSE, type Lens } from './lens.js';

/** What stands in a view where a personal field is not shown in clear. */
export type PersonalStandIn =
  | { readonly $personal: 'withheld'; readonly kind: PersonalDataKind }
  | { readonly $personal: 'erased'; readonly kind: PersonalDataKind }
  | { readonly $personal: 'geohash'; readonly geohash: string; readonly precision: number }
  | { readonly $personal: 'token'; readonly token: string }
  | { readonly $personal: 'digest'; readonly sha256: string }
  | { readonly $personal: 'photo'; readonly href: string };

export interface PresentedData {
  readonly data: unknown;
  /** Kinds of the customer's personal data shown in clear (what a case reveal records). */
  readonly revealed: ReadonlySet<PersonalDataKind>;
  /** Kinds of the courier's personal data shown in clear (recorded in the courier's access log). */
  readonly courierRevealed: ReadonlySet<PersonalDataKind>;
}

export interface PresentOptions {
  /** Where the photo of a PackagePlaced can be fetched, for those who may see it. */
  readonly photoHref?: (data: unknown) => string | null;
}

const withheld = (kind: PersonalDataKind): PersonalStandIn => ({ $personal: 'withheld', kind });
const geohash = (value: unknown, precision: number): PersonalStandIn =>
  isGeoPoint(value)
    ? { $personal: 'geohash', geohash: ngeohash.encode(value.lat, value.lon, precision), precision }
    : withheld('gps');

/** Plates compare without spaces, dashes or case: `abc-123` and `ABC 123` are one car. */
export const normalisePlate = (plate: string) => plate.replace(/[\s-]+/g, '').toUpperCase();

/** Each kind of personal data under each lens, as the PRODUCT.md views table has it. */
export class PersonalDataPresenter {
  constructor(private readonly pseudonyms: Pseudonyms) {}

  present(
    type: string,
    data: unknown,
    erased: readonly PersonalField[],
    lens: Lens,
    options: PresentOptions = {},
  ): PresentedData {
    const fields = personalFieldsOf(type);
    const revealed = new Set<PersonalDataKind>();
    const courierRevealed = new Set<PersonalDataKind>();
    if (typeof data !== 'object' || data === null) return { data, revealed, courierRevealed };
    const view = structuredClone(data) as Record<string, unknown>;
    for (const field of fields) {
      const value = personalValue(view, field);
      if (value === undefined || (value === null && !erased.includes(field))) continue;
      if (erased.includes(field)) {
        setPersonalValue(view, field, { $personal: 'erased', kind: field.kind });
        continue;
      }
      const shown = this.show(field.kind, value, lens, options.photoHref?.(data) ?? null);
      if (shown === value)
        (field.subject === 'courier' ? courierRevealed : revealed).add(field.kind);
      setPersonalValue(view, field, shown);
    }
    if (lens.kind === 'compliance' && typeof view.courierId === 'string')
      view.courierId = this.pseudonyms.token(lens.purpose, view.courierId);
    const underCase = lens.kind === 'case';
    return {
      data: view,
      revealed: underCase ? revealed : new Set(),
      courierRevealed: underCase ? courierRevealed : new Set(),
    };
  }

  /** A stream's name as the lens shows it: compliance sees a courier's stream by the courier's token. */
  streamId(streamId: string, lens: Lens): string {
    if (lens.kind !== 'compliance') return streamId;
    const courier = courierOfStream(streamId);
    return courier
      ? `${courier.prefix}${this.pseudonyms.token(lens.purpose, courier.courierId)}`
      : streamId;
  }

  /** The plate as the lens shows it. */
  plate(plate: string, lens: Lens): string | PersonalStandIn {
    return this.show('plate', plate, lens, null) as string | PersonalStandIn;
  }

  private show(
    kind: PersonalDataKind,
    value: unknown,
    lens: Lens,
    photoHref: string | null,
  ): unknown {
    const precise = lens.kind === 'owner' || lens.kind === 'case';
    switch (kind) {
      case 'gps':
        if (precise) return value;
        return geohash(value, lens.kind === 'compliance' ? 5 : 7);
      case 'plate': {
        if (precise) return value;
        if (typeof value !== 'string') return withheld(kind);
        const purpose = lens.kind === 'compliance' ? lens.purpose : INVESTIGATION_PURPOSE;
        return { $personal: 'token', token: this.pseudonyms.token(purpose, normalisePlate(value)) };
      }
      case 'photo':
        if (typeof value === 'string') {
          // A drop photo's reference: those who may see the image get where to fetch it.
          return precise && photoHref ? { $personal: 'photo', href: photoHref } : withheld(kind);
        }
        if (precise) return value;
        return typeof value === 'object' && value !== null && 'sha256' in value
          ? { $personal: 'digest', sha256: String(value.sha256) }
          : withheld(kind);
      case 'person-name':
        return lens.kind === 'owner' && typeof value === 'string'
          ? (value.trim().split(/\s+/)[0] ?? withheld(kind))
          : withheld(kind);
      case 'place-description':
        return precise ? value : withheld(kind);
      case 'vendor-payload':
        return lens.kind === 'case' ? value : withheld(kind);
    }
  }
}
