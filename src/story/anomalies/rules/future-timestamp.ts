import { timeVerdictOf } from '../../delivery-story/ledger-event.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** A source stamped a fact ahead of the ledger's clock beyond the allowed skew: it was kept as evidence only. */
export const futureTimestamp: AnomalyRule = {
  code: 'future_timestamp',
  rule: 'A source stamped a fact further ahead of the ledger’s clock than KEYTRAIL_MAX_FUTURE_SKEW_S allows; it was recorded as evidence and confirmed nothing',
  detect(_before, event) {
    if (timeVerdictOf(event) !== 'timestamp_in_future') return null;
    return finding(
      this,
      'high',
      `${event.metadata.source} stamped a ${event.type} at ${event.metadata.occurredAt}, recorded at ${event.metadata.recordedAt}`,
      event,
    );
  },
};
