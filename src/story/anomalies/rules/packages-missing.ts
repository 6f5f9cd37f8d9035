import { type AnomalyRule, finding } from '../anomaly.js';

/** A delivery completed with fewer of its expected packages placed than DeliveryScheduled listed. */
export const packagesMissing: AnomalyRule = {
  code: 'packages_missing',
  rule: 'The delivery completed without every package DeliveryScheduled expected placed',
  detect(before, event) {
    if (event.type !== 'DeliveryCompleted') return null;
    const expected = before.state.delivery?.packages ?? [];
    const missing = expected.filter((p) => !before.state.packages[p.packageId]);
    if (missing.length === 0) return null;
    const placed = expected.length - missing.length;
    return finding(
      this,
      'high',
      `${placed} of ${expected.length} expected packages placed; missing ${missing.map((p) => p.packageId).join(', ')}`,
      event,
      [before.positions.scheduled],
    );
  },
};
