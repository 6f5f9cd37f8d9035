import type { ReportVehiclePosition } from '../../domain/delivery/delivery.commands.js';
import type { PayloadProblems } from './vendor-payload.js';

/** A carmaker's location payload read into the ledger's terms, before the vendor and raw body are added. */
export type VendorPositionRead = Omit<ReportVehiclePosition['data'], 'vendor' | 'raw'>;

/** A number as carmakers send it: JSON numbers, or decimal text (OnStar's `"42.0000000"`). */
export function numberIn(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return null;
  return Number(value);
}

const RANGES = {
  latitude: [-90, 90],
  longitude: [-180, 180],
  heading: [0, 360],
} as const;

/**
 * A latitude, longitude or heading within its range, sent as the carmaker documents it (a JSON
 * number, or decimal text where the carmaker sends text); anything else is not a position (400).
 */
export function expectInRange(
  problems: PayloadProblems,
  path: string,
  value: unknown,
  kind: keyof typeof RANGES,
  sent: 'number' | 'number or text' = 'number',
): void {
  const [min, max] = RANGES[kind];
  const n = sent === 'number' && typeof value !== 'number' ? null : numberIn(value);
  if (n === null || n < min || n > max)
    problems.push(`${path}: must be a ${kind} from ${min} to ${max}`);
}

/** A heading where the payload has one: null when absent, checked by `expectInRange` before. */
export const headingOf = (value: unknown): number | null =>
  value === undefined || value === null ? null : numberIn(value);
