import { type AnomalyRule, finding } from '../anomaly.js';

/** The watchdog recorded that a drop's grace period ended with no photo uploaded for its digest. */
export const photoMissing: AnomalyRule = {
  code: 'photo_missing',
  rule: 'No photo matching the digest recorded at the drop was uploaded within KEYTRAIL_PHOTO_LATE_DAYS of the drop',
  detect(before, event) {
    if (event.type !== 'PhotoUploadOverdue') return null;
    const { packageIds, dueBy } = event.data;
    return finding(
      this,
      'medium',
      `No photo uploaded for package ${packageIds.join(', ')} by ${dueBy}: the drop rests on its digest alone`,
      event,
      packageIds.map((id) => before.positions[`package:${id}`]),
    );
  },
};
