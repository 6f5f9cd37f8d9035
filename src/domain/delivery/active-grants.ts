import { isAfter } from '../shared/instant.js';
import type { Instant } from '../shared/instant.js';
import type { AccessRevoked } from './delivery.events.js';
import { type DeliveryState, isGrantActive } from './delivery.state.js';
import type { RevocationReason } from './delivery.vocabulary.js';

/** Revokes every grant that could still open the car. */
export function revokeActiveGrants(
  state: DeliveryState,
  now: Instant,
  reason: RevocationReason,
): AccessRevoked[] {
  return Object.values(state.grants)
    .filter((g) => isGrantActive(g) && !isAfter(now, g.grant.notAfter))
    .map((g) => ({ type: 'AccessRevoked', data: { grantId: g.grant.grantId, reason } }));
}
