import type { Instant } from '../../domain/shared/instant.js';

/**
 * Time arithmetic for the read side that never throws and never overflows. A stored event is data:
 * whatever timestamps it carries (the API once accepted year +275760), a projection derives bounded
 * numbers from them and goes on.
 */

/** The latest moment a JavaScript date can hold (+275760-09-13). */
const LATEST_MS = 8.64e15;
/** No stretch of time the read side derives is longer than every representable moment. */
export const MAX_SECONDS = (2 * LATEST_MS) / 1000;

/** What PostgreSQL `timestamptz` columns receive: four-digit years, so any server parses them. */
const COLUMN_EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const COLUMN_LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Milliseconds since the epoch, or null for a text that is no moment. */
export function millisOf(instant: Instant): number | null {
  const ms = Date.parse(instant);
  return Number.isFinite(ms) ? ms : null;
}

/** Seconds from `from` to `to`, within [0, MAX_SECONDS]; 0 when either is no moment. */
export function secondsBetween(from: Instant, to: Instant): number {
  const a = millisOf(from);
  const b = millisOf(to);
  if (a === null || b === null) return 0;
  return clamp((b - a) / 1000, 0, MAX_SECONDS);
}

/** A sum of durations, kept within [0, MAX_SECONDS]. */
export const addDurations = (a: number, b: number): number =>
  clamp((Number.isFinite(a) ? a : 0) + (Number.isFinite(b) ? b : 0), 0, MAX_SECONDS);

/** The moment `seconds` after `instant`, held at the last representable moment; unchanged if no moment. */
export function plusSeconds(instant: Instant, seconds: number): Instant {
  const ms = millisOf(instant);
  if (ms === null) return instant;
  return new Date(clamp(ms + seconds * 1000, -LATEST_MS, LATEST_MS)).toISOString();
}

/** A moment for a `timestamptz` column, held within years 1–9999 (a moment past them is never due). */
export function columnInstant(instant: Instant): Instant {
  const ms = millisOf(instant) ?? COLUMN_LATEST_MS;
  return new Date(clamp(ms, COLUMN_EARLIEST_MS, COLUMN_LATEST_MS)).toISOString();
}
