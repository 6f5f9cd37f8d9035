import { type AnomalyRule, finding } from '../anomaly.js';

/** The watchdog found the car standing unlocked with no lock confirmed in time. */
export const carLeftUnlocked: AnomalyRule = {
  code: 'car_left_unlocked',
  rule: 'An unlock succeeded (or may have) and no lock confirmation held the allowed time after it (KEYTRAIL_LEFT_UNLOCKED_S)',
  detect(before, event) {
    if (event.type !== 'CarLeftUnlocked') return null;
    return finding(
      this,
      'critical',
      `The car stood unlocked from ${event.data.unlockedSince} with no lock confirmed by ${event.data.dueAt}; a lock was requested (${event.data.lockCommandId})`,
      event,
      event.data.unlockCommandIds.map((id) => before.positions[`command:${id}`]),
    );
  },
};
