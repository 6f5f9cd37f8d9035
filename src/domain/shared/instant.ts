/** An ISO-8601 UTC timestamp, as carried in events and commands. */
export type Instant = string;

export const toMillis = (instant: Instant): number => Date.parse(instant);

export const isAfter = (a: Instant, b: Instant): boolean => toMillis(a) > toMillis(b);

export const addSeconds = (instant: Instant, seconds: number): Instant =>
  new Date(toMillis(instant) + seconds * 1000).toISOString();
