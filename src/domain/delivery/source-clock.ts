import { type Instant, toMillis } from '../shared/instant.js';
import { DEFAULT_TIME_RULES, type TimeRules } from '../shared/time-rules.js';
import type { ClockSource, DeliveryState } from './delivery.state.js';

/** How many of a source's latest clock samples the estimate is made from. */
export const CLOCK_SAMPLES_KEPT = 5;

export const timeRulesOf = (metadata: { timeRules?: TimeRules }): TimeRules =>
  metadata.timeRules ?? DEFAULT_TIME_RULES;

/** Seconds from a source's timestamp to the ledger's clock: positive when the source is behind. */
export const clockSample = (now: Instant, sourceTime: Instant): number =>
  (toMillis(now) - toMillis(sourceTime)) / 1000;

/** True when a source's timestamp lies further ahead of the ledger's clock than the rules allow. */
export const isInFuture = (now: Instant, sourceTime: Instant, rules: TimeRules): boolean =>
  -clockSample(now, sourceTime) > rules.maxFutureSkewS;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** At least this many samples within the correction limit before the offset moves anything. */
export const CLOCK_SAMPLES_NEEDED = 2;

/**
 * A source's clock offset (its clock − the ledger's, in seconds) from its recent samples in this
 * delivery: the median of those within the rules' correction limit, once there are at least two.
 * A sample beyond the limit is a cached value or a clock too far off to correct, never a reason to
 * widen the lock window; one sample alone may be a cached value too. Otherwise it is 0: the
 * tolerance alone then covers a slightly slow clock.
 */
export function clockOffsetEstimate(
  state: DeliveryState,
  source: ClockSource,
  rules: TimeRules,
): number {
  const bound = rules.maxClockCorrectionS;
  const samples = (state.clockSamples[source] ?? []).filter((s) => Math.abs(s) <= bound);
  if (samples.length < CLOCK_SAMPLES_NEEDED) return 0;
  return Math.round(-median(samples) * 1000) / 1000;
}

export const withClockSample = (
  state: DeliveryState,
  source: ClockSource,
  sample: number | null,
): DeliveryState =>
  sample === null
    ? state
    : {
        ...state,
        clockSamples: {
          ...state.clockSamples,
          [source]: [...(state.clockSamples[source] ?? []), sample].slice(-CLOCK_SAMPLES_KEPT),
        },
      };
