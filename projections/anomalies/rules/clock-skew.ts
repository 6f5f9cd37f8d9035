import { toMillis } from '../../../src/domain/shared/instant.js';
import { type AnomalyRule, finding } from '../anomaly.js';

export const CLOCK_SKEW_SECONDS = 60;

/** A source's clock disagrees with the ledger's: its times in this delivery need care. Once per delivery and source. */
export const clockSkew: AnomalyRule = {
  code: 'clock_skew',
  rule: `An event's occurredAt (its source's clock) is more than ${CLOCK_SKEW_SECONDS} s from its recordedAt (the ledger's clock)`,
  detect(before, event) {
    const skew = (toMillis(event.metadata.occurredAt) - toMillis(event.metadata.recordedAt)) / 1000;
    if (Math.abs(skew) <= CLOCK_SKEW_SECONDS) return null;
    if (before.skewedSources.includes(event.metadata.source)) return null;
    return finding(
      this,
      'low',
      `${event.metadata.source} is ${Math.round(Math.abs(skew))} s ${skew < 0 ? 'behind' : 'ahead of'} the ledger`,
      event,
    );
  },
};
