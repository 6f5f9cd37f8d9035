import type { Instant } from './instant.js';

/**
 * How far the ledger trusts a source's clock. Every timestamp a car, a carmaker's cloud or a courier's
 * app sends is a claim: these bound what such a claim may confirm.
 */
export interface TimeRules {
  /** Ahead of the ledger's clock by more than this, a timestamp confirms nothing (`timestamp_in_future`). */
  readonly maxFutureSkewS: number;
  /** A status field read longer ago than this, at recording, confirms nothing (`status_stale`). */
  readonly maxStatusAgeS: number;
  /** A field may be stamped this much before the (offset-corrected) lock request and still count. */
  readonly lockAnchorToleranceS: number;
  /** The most a source's estimated clock offset may move the lock request's moment. */
  readonly maxClockCorrectionS: number;
  /** An unlock with no lock confirmation holding this long after it: the car was left unlocked. */
  readonly leftUnlockedS: number;
  /** A car's position (reported or declared) older than this is not used to judge an unlock. */
  readonly maxVehiclePositionAgeS: number;
}

export const DEFAULT_TIME_RULES: TimeRules = {
  maxFutureSkewS: 120,
  maxStatusAgeS: 300,
  lockAnchorToleranceS: 5,
  maxClockCorrectionS: 30,
  leftUnlockedS: 300,
  maxVehiclePositionAgeS: 900,
};

/** The instants a source may send at all: outside them a request is malformed (400), never stored. */
export const EARLIEST_INSTANT: Instant = '2000-01-01T00:00:00.000Z';
export const LATEST_INSTANT: Instant = '2100-01-01T00:00:00.000Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);

export const isAcceptedEpochMillis = (ms: number): boolean =>
  Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
