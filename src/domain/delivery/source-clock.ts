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

/**
 * A source's clock offset (its clock − the ledger's, in seconds) from its recent samples in this
 * delivery: the median, so one cached value does not move it, bounded by the rules' correction limit.
 * Without samples it is 0: the tolerance alone then covers a slightly slow clock.
 */
export function clockOffsetEstimate(
  state: DeliveryState,
  source: ClockSource,
  rules: TimeRules,
): number {
  const samples = state.clockSamples[source] ?? [];
  if (samples.length === 0) return 0;
  const offset = -median(samples);
  const bound = rules.maxClockCorrectionS;
  return Math.round(Math.min(bound, Math.max(-bound, offset)) * 1000) / 1000;
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
