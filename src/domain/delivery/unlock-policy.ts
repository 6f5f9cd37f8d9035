import type { GeoPoint } from '../shared/geo-point.js';
import { isAfter } from '../shared/instant.js';
import type { Instant } from '../shared/instant.js';
import type { TimeRules } from '../shared/time-rules.js';
import type { RequestUnlock } from './delivery.commands.js';
import { type DeliveryState, type GrantState, isClosed } from './delivery.state.js';
import { UNLOCK_DENIAL_REASONS, type UnlockDenialReason } from './delivery.vocabulary.js';
import { timeRulesOf } from './source-clock.js';
import { outsideCircle, vehicleOutsideArea } from './vehicle-position.js';

/** What an unlock request is judged on. */
interface UnlockAttempt {
  readonly state: DeliveryState;
  readonly grant: GrantState | undefined;
  readonly courierId: string;
  readonly courierPosition: GeoPoint;
  readonly nonce: string;
  readonly now: Instant;
  readonly rules: TimeRules;
}

/**
 * When each reason applies. A check after `no_grant` may assume a grant, yet still answers true
 * without one: a missing grant is never waved through, whatever the order.
 */
const DENIAL_APPLIES: { readonly [R in UnlockDenialReason]: (attempt: UnlockAttempt) => boolean } =
  {
    blocked: ({ state }) => state.inCarBlocked,
    no_grant: ({ state, grant }) => !grant || isClosed(state),
    courier_mismatch: ({ grant, courierId }) => grant?.grant.courierId !== courierId,
    replayed_nonce: ({ state, nonce }) => Boolean(state.seenNonces[nonce]),
    vehicle_outside_area: ({ state, grant, now, rules }) =>
      !grant || vehicleOutsideArea(state, grant, now, rules),
    revoked: ({ grant }) => !grant || grant.revokedFor !== null,
    expired: ({ grant, now }) => !grant || grant.expired || isAfter(now, grant.grant.notAfter),
    not_yet_valid: ({ grant, now }) => !grant || isAfter(grant.grant.notBefore, now),
    grant_used: ({ grant }) => !grant || (grant.grant.singleUse && grant.usedBy !== null),
    // A geofence whose centre was erased cannot be checked: the unlock is refused, never waved through.
    outside_geofence: ({ grant, courierPosition }) =>
      !grant || outsideCircle(grant.grant.geofence, courierPosition),
  };

/**
 * Why an unlock must be denied, or null when it may go ahead: the first reason of
 * UNLOCK_DENIAL_REASONS, in its order, that applies.
 */
export function unlockDenialReason(
  request: RequestUnlock,
  state: DeliveryState,
): UnlockDenialReason | null {
  const { grantId, courierId, courierPosition, nonce } = request.data;
  const attempt: UnlockAttempt = {
    state,
    grant: state.grants[grantId],
    courierId,
    courierPosition,
    nonce,
    now: request.metadata.now,
    rules: timeRulesOf(request.metadata),
  };
  return UNLOCK_DENIAL_REASONS.find((reason) => DENIAL_APPLIES[reason](attempt)) ?? null;
}
