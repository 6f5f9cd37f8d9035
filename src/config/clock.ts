import type { Instant } from '../domain/shared/instant.js';

export const CLOCK = Symbol('CLOCK');

/** The ledger's clock; the only place the shell reads the time, so tests can set it. */
export interface Clock {
  now(): Instant;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };
