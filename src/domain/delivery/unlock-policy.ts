import { distanceInMetres, isGeoPoint } from '../shared/geo-point.js';
import { isAfter } from '../shared/instant.js';
import type { RequestUnlock } from './delivery.commands.js';
import { type DeliveryState, isClosed } from './delivery.state.js';
import type { UnlockDenialReason } from './delivery.vocabulary.js';

/**
 * Why an unlock must be denied, or null when it may go ahead. The checks run in the order of
 * UNLOCK_DENIAL_REASONS; the first that applies is the one recorded.
 */
export function unlockDenialReason(
  request: RequestUnlock,
  state: DeliveryState,
): UnlockDenialReason | null {
  const { grantId, courierId, courierPosition, nonce } = request.data;
  const now = request.metadata.now;
  const grant = state.grants[grantId];

  if (state.inCarBlocked) return 'blocked';
  if (!grant || isClosed(state)) return 'no_grant';
  if (grant.grant.courierId !== courierId) return 'courier_mismatch';
  if (state.seenNonces[nonce]) return 'replayed_nonce';
  if (grant.revokedFor !== null) return 'revoked';
  if (grant.expired || isAfter(now, grant.grant.notAfter)) return 'expired';
  if (isAfter(grant.grant.notBefore, now)) return 'not_yet_valid';
  if (grant.grant.singleUse && grant.usedBy !== null) return 'grant_used';
  const { center, radiusM } = grant.grant.geofence;
  // A geofence whose centre was erased cannot be checked: the unlock is refused, never waved through.
  if (!isGeoPoint(center) || !isGeoPoint(courierPosition)) return 'outside_geofence';
  if (distanceInMetres(courierPosition, center) > radiusM) return 'outside_geofence';
  return null;
}
