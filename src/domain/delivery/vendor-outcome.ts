import { type Instant, toMillis } from '../shared/instant.js';
import type { CommandOutcome, Vendor } from './delivery.vocabulary.js';

/**
 * Volvo Connected Vehicle API v2 `invokeStatus`. Only what proves the car acted counts as success;
 * a status that leaves it open whether the car acted is ambiguous and never counts as success.
 */
const VOLVO_INVOKE_STATUS: Readonly<Record<string, CommandOutcome>> = {
  COMPLETED: 'succeeded',
  SUCCESS: 'succeeded',
  DELIVERED: 'accepted',
  WAITING: 'pending',
  SENT: 'pending',
  RUNNING: 'pending',
  REJECTED: 'failed',
  CONNECTION_FAILURE: 'failed',
  DELIVERY_TIMEOUT: 'failed',
  EXPIRED: 'failed',
  NOT_SUPPORTED: 'failed',
  CAR_ERROR: 'failed',
  NOT_ALLOWED_PRIVACY_ENABLED: 'failed',
  NOT_ALLOWED_WRONG_USAGE_MODE: 'failed',
  INVOCATION_SPECIFIC_ERROR: 'failed',
  UNLOCK_TIME_FRAME_PASSED: 'failed',
  UNABLE_TO_LOCK_DOOR_OPEN: 'failed',
  UNKNOWN: 'ambiguous',
  VEHICLE_IN_SLEEP: 'ambiguous',
  CAR_IN_SLEEP_MODE: 'ambiguous',
  CAR_TIMEOUT: 'ambiguous',
  TIMEOUT: 'ambiguous',
};

/** OnStar clients give up on a command still in progress after 90 s (OnStarJS default). */
export const GM_IN_PROGRESS_TIMEOUT_SECONDS = 90;

function gmOutcome(status: string, now: Instant, requestTime: Instant | null): CommandOutcome {
  switch (status) {
    case 'success':
      return 'succeeded';
    case 'failure':
      return 'failed';
    case 'inProgress': {
      const overdue =
        requestTime !== null &&
        toMillis(now) - toMillis(requestTime) > GM_IN_PROGRESS_TIMEOUT_SECONDS * 1000;
      return overdue ? 'ambiguous' : 'pending';
    }
    default:
      return 'ambiguous';
  }
}

/**
 * Tesla errors that say the car never ran the command: it was offline or asleep, the Fleet API
 * refused an unsigned command (the Vehicle Command Protocol is required), or the car does not know
 * the sender's key (not paired). Fleet API error texts, matched case-insensitively.
 */
const TESLA_NEVER_RAN = [
  /^vehicle unavailable/i,
  /vehicle command protocol required/i,
  /public key has not been paired/i,
  /key (is )?not paired/i,
  /not_paired/i,
];

/**
 * Tesla answers `result: true|false` when the car answered; errors that prove the car never got the
 * command are failures; any other error leaves it open whether the car acted.
 */
function teslaOutcome(status: string): CommandOutcome {
  if (status === 'true') return 'succeeded';
  if (status === 'false') return 'failed';
  if (TESLA_NEVER_RAN.some((pattern) => pattern.test(status))) return 'failed';
  return 'ambiguous';
}

/** Maps a carmaker's verbatim status to one of the five outcomes; anything unknown is ambiguous. */
export function vendorOutcome(
  vendor: Vendor,
  vendorStatus: string,
  context: { now: Instant; vendorRequestTime: Instant | null },
): CommandOutcome {
  switch (vendor) {
    case 'volvo':
      return VOLVO_INVOKE_STATUS[vendorStatus] ?? 'ambiguous';
    case 'gm':
      return gmOutcome(vendorStatus, context.now, context.vendorRequestTime);
    case 'tesla':
      return teslaOutcome(vendorStatus);
    default: {
      const _exhaustive: never = vendor;
      return _exhaustive;
    }
  }
}
