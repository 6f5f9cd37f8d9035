/**
 * Personal fields as a view shows them (docs/PRIVACY.md): in clear, or `{"$personal": …}` standing for
 * what the reader may not see. Rendered as words, never as the raw marker.
 */
export interface PersonalMarker {
  /** geohash, token, withheld, photo or erased. */
  readonly $personal: string;
  readonly geohash?: string;
  readonly precision?: number;
  readonly token?: string;
  readonly kind?: string;
  readonly href?: string;
}

export const isPersonalMarker = (value: unknown): value is PersonalMarker =>
  typeof value === 'object' && value !== null && '$personal' in value;

export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export const isGeoPoint = (value: unknown): value is GeoPoint =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as GeoPoint).lat === 'number' &&
  typeof (value as GeoPoint).lon === 'number';

/** A field's value in words: "area u6sce0t (about 150 m)", "token tk_…", "erased". */
export function personalText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (isPersonalMarker(value)) {
    switch (value.$personal) {
      case 'geohash':
        return `area ${value.geohash ?? '?'} (${areaSize(value.precision)})`;
      case 'token':
        return `token ${value.token ?? '?'}`;
      case 'withheld':
        return `withheld${value.kind ? ` (${value.kind})` : ''}`;
      case 'photo':
        return 'photo (shown under a case)';
      case 'erased':
        return `erased${value.kind ? ` (${value.kind})` : ''}`;
      default:
        return 'withheld';
    }
  }
  if (isGeoPoint(value)) return `${value.lat.toFixed(6)}, ${value.lon.toFixed(6)}`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Geohash cell sizes (longest side), by precision. */
const CELL_SIZES = ['5,000 km', '1,250 km', '156 km', '39 km', '4.9 km', '1.2 km', '150 m', '38 m'];
const areaSize = (precision: number | undefined) =>
  `about ${CELL_SIZES[(precision ?? 7) - 1] ?? 'a few metres'}`;
