import type { AnomalyFinding } from '../anomalies/anomaly.js';
import type { HeldGrant } from './held-grants.js';

export const OVERLAPPING_GRANTS_RULE =
  'Two deliveries held live grants on one car at the same time: either courier could open it';

/** One overlapping_grants finding for a delivery, with the grants that show it. */
export interface DeliveryFinding {
  readonly deliveryId: string;
  readonly finding: AnomalyFinding;
}

/**
 * A new grant that overlaps other deliveries' live grants on the same car: raised on the new grant's
 * delivery and on each other one, at the new grant's position, so a replay raises the same ones.
 */
export function overlappingGrants(
  grant: HeldGrant,
  overlapping: readonly HeldGrant[],
): DeliveryFinding[] {
  if (overlapping.length === 0) return [];
  const finding = (reason: string, evidence: readonly number[]): AnomalyFinding => ({
    code: 'overlapping_grants',
    severity: 'high',
    reason,
    evidence: [...new Set([...evidence, grant.position])].sort((a, b) => a - b),
  });
  const others = [...new Set(overlapping.map((g) => g.deliveryId))];
  return [
    {
      deliveryId: grant.deliveryId,
      finding: finding(
        `Grant ${grant.grantId} (${grant.from}–${grant.to}) overlaps live grants of ${others.map((d) => `delivery ${d}`).join(', ')} on the same car`,
        overlapping.map((g) => g.position),
      ),
    },
    ...others.map((deliveryId) => {
      const theirs = overlapping.filter((g) => g.deliveryId === deliveryId);
      return {
        deliveryId,
        finding: finding(
          `Delivery ${grant.deliveryId} was granted access (grant ${grant.grantId}, ${grant.from}–${grant.to}) while grant ${theirs.map((g) => g.grantId).join(', ')} of this delivery was live on the same car`,
          theirs.map((g) => g.position),
        ),
      };
    }),
  ];
}
