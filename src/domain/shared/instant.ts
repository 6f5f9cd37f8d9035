/** An ISO-8601 UTC timestamp, as carried in events and commands. */
export type Instant = string;

export const toMillis = (instant: Instant): number => Date.parse(instant);

export const isAfter = (a: Instant, b: Instant): boolean => toMillis(a) > toMillis(b);

/** The furthest instant JavaScript can hold (year ±275760): sums past it stop there, never throw. */
const MAX_MS = 8.64e15;

export const addSeconds = (instant: Instant, seconds: number): Instant =>
  new Date(Math.max(-MAX_MS, Math.min(MAX_MS, toMillis(instant) + seconds * 1000))).toISOString();
