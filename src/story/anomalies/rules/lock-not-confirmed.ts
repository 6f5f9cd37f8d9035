import { isAfter } from '../../../domain/shared/instant.js';
import { plusSeconds } from '../../delivery-story/bounded-time.js';
import { LOCK_CONFIRMATION_DUE_SECONDS } from '../../../domain/delivery/lock-confirmation.js';
import { unlockAllowedSinceLock } from '../../delivery-story/delivery-story.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** The car was not confirmed locked in time, or the delivery ended with it unconfirmed. */
export const lockNotConfirmed: AnomalyRule = {
  code: 'lock_not_confirmed',
  rule: `No lock confirmation within ${LOCK_CONFIRMATION_DUE_SECONDS} s of the last closure closing, or the delivery ended after an unlock without one`,
  detect(before, event) {
    const lastClosed = before.positions.lastClosed;
    if (event.type === 'LockConfirmationOverdue') {
      return finding(this, 'high', `Not confirmed locked by ${event.data.dueAt}`, event, [
        lastClosed,
      ]);
    }
    if (event.type === 'LockConfirmed') {
      const closedAt = before.state.lastClosureClosedAt;
      const alreadyFlagged =
        before.state.overdueFlaggedFor !== null && before.state.overdueFlaggedFor === closedAt;
      if (
        closedAt &&
        !alreadyFlagged &&
        isAfter(event.data.statusTimestamp, plusSeconds(closedAt, LOCK_CONFIRMATION_DUE_SECONDS))
      ) {
        return finding(
          this,
          'medium',
          `Confirmed locked only at ${event.data.statusTimestamp}, more than ${LOCK_CONFIRMATION_DUE_SECONDS} s after the closing`,
          event,
          [lastClosed],
        );
      }
    }
    if (
      event.type === 'DeliveryFailed' &&
      before.state.lockConfirmation === null &&
      unlockAllowedSinceLock(before)
    ) {
      return finding(
        this,
        'high',
        'The delivery failed after an unlock, with no lock confirmation',
        event,
      );
    }
    return null;
  },
};
