import { addSeconds, isAfter, toMillis } from '../../../domain/shared/instant.js';
import { type AnomalyRule, finding } from '../anomaly.js';
import { timeVerdictOf } from '../../delivery-story/ledger-event.js';

export const CLOCK_SKEW_SECONDS = 60;
/** A source already flagged is flagged again after this long, or when its skew moves by more than the threshold. */
export const CLOCK_SKEW_REPEAT_SECONDS = 600;

/**
 * How far the event's source clock is from the ledger's, in seconds (positive: ahead). A status read
 * is judged by its freshest field, and not at all when every field is stale: a value the carmaker
 * cached minutes ago is an old reading, not a wrong clock; so is a position fixed long ago.
 */
export function skewOf(event: Parameters<AnomalyRule['detect']>[1]): number | null {
  if (event.type === 'VehicleStatusReported') {
    const sample = event.data.judgement?.clockSampleS;
    if (sample === null) return null;
    if (sample !== undefined) return -sample;
  }
  const skew = (toMillis(event.metadata.occurredAt) - toMillis(event.metadata.recordedAt)) / 1000;
  // A parked car's position was fixed when it parked: an old fix is an old reading, not a wrong clock.
  if (event.type === 'VehiclePositionReported' && skew < 0) return null;
  return skew;
}

/** A source's clock disagrees with the ledger's: judged per event, repeated per source only when it changes or time passes. */
export const clockSkew: AnomalyRule = {
  code: 'clock_skew',
  rule: `An event's source time is more than ${CLOCK_SKEW_SECONDS} s from its recordedAt (the ledger's clock); raised again for a source after ${CLOCK_SKEW_REPEAT_SECONDS / 60} min or when its skew moves by more than ${CLOCK_SKEW_SECONDS} s`,
  detect(before, event) {
    if (timeVerdictOf(event) === 'timestamp_in_future') return null;
    const skew = skewOf(event);
    if (skew === null || !Number.isFinite(skew) || Math.abs(skew) <= CLOCK_SKEW_SECONDS)
      return null;
    const last = before.skewRaised?.[event.metadata.source];
    const recent =
      last !== undefined &&
      !isAfter(event.metadata.recordedAt, addSeconds(last.at, CLOCK_SKEW_REPEAT_SECONDS)) &&
      Math.abs(skew - last.skewS) <= CLOCK_SKEW_SECONDS;
    if (recent) return null;
    return finding(
      this,
      'low',
      `${event.metadata.source} is ${Math.round(Math.abs(skew))} s ${skew < 0 ? 'behind' : 'ahead of'} the ledger`,
      event,
    );
  },
};
