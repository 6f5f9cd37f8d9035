import { type Instant, isAfter } from '../../domain/shared/instant.js';
import { millisOf, plusSeconds } from '../delivery-story/bounded-time.js';
import type { DeliveryStory } from '../delivery-story/delivery-story.js';
import type { LedgerEvent } from '../delivery-story/ledger-event.js';
import { deliveryIdOf } from '../delivery-timeline/timeline-entry.js';

/**
 * A grant that gives (or gave) a courier live access to a car: from when it was both recorded and
 * valid, until its notAfter, or earlier when it was revoked, expired or its delivery ended.
 */
export interface HeldGrant {
  readonly deliveryId: string;
  readonly grantId: string;
  readonly courierId: string;
  readonly from: Instant;
  readonly to: Instant;
  /** Global position of its AccessGranted. */
  readonly position: number;
}

/** What a delivery event changes in who holds live access to its car. */
export type GrantChange =
  | { readonly kind: 'granted'; readonly grant: HeldGrant }
  /** One grant ended, or (grantId null) every grant of the delivery: it ended. */
  | {
      readonly kind: 'ended';
      readonly deliveryId: string;
      readonly grantId: string | null;
      readonly at: Instant;
    };

const later = (a: Instant, b: Instant): Instant => (isAfter(b, a) ? b : a);
const earlier = (a: Instant, b: Instant): Instant => (isAfter(a, b) ? b : a);

/** What the event changes in live access to the delivery's car, if anything. */
export function grantChangeOf(event: LedgerEvent): GrantChange | null {
  const deliveryId = deliveryIdOf(event);
  const recordedAt = event.metadata.recordedAt;
  switch (event.type) {
    case 'AccessGranted': {
      const g = event.data;
      // A grant cannot be used before the ledger holds it, whatever its notBefore says.
      const from = later(g.notBefore, recordedAt);
      return {
        kind: 'granted',
        grant: {
          deliveryId,
          grantId: g.grantId,
          courierId: g.courierId,
          from,
          to: later(from, g.notAfter),
          position: event.metadata.globalPosition,
        },
      };
    }
    case 'AccessRevoked':
      return { kind: 'ended', deliveryId, grantId: event.data.grantId, at: recordedAt };
    case 'GrantExpired':
      return { kind: 'ended', deliveryId, grantId: event.data.grantId, at: event.data.notAfter };
    case 'DeliveryCompleted':
    case 'DeliveryFailed':
      return { kind: 'ended', deliveryId, grantId: null, at: recordedAt };
    default:
      return null;
  }
}

/** Two stretches of live access share a moment of positive length. */
export const overlap = (a: HeldGrant, b: HeldGrant): boolean =>
  isAfter(a.to, b.from) && isAfter(b.to, a.from);

/** Grants that ended this long before a new one was recorded can overlap nothing recorded later. */
const FORGET_AFTER_SECONDS = 86_400;

/**
 * The car's grants after one change, and the other deliveries' grants a new grant overlaps. Applied
 * in ledger order, so a replay finds the same overlaps. A grant already held (the same AccessGranted
 * told again) changes nothing.
 */
export function applyGrantChange(
  held: readonly HeldGrant[],
  change: GrantChange,
): { held: HeldGrant[]; overlapping: HeldGrant[] } {
  if (change.kind === 'ended') {
    return {
      held: held.map((g) =>
        g.deliveryId === change.deliveryId &&
        (change.grantId === null || g.grantId === change.grantId)
          ? { ...g, to: later(g.from, earlier(g.to, change.at)) }
          : g,
      ),
      overlapping: [],
    };
  }
  const grant = change.grant;
  if (held.some((g) => g.position === grant.position)) return { held: [...held], overlapping: [] };
  const horizon = plusSeconds(grant.from, -FORGET_AFTER_SECONDS);
  // A stretch of no length (ended before it began) can never overlap: its end only ever moves earlier.
  const kept = held.filter(
    (g) => isAfter(g.to, g.from) && (millisOf(g.to) === null || isAfter(g.to, horizon)),
  );
  return {
    held: [...kept, grant],
    overlapping: kept.filter((g) => g.deliveryId !== grant.deliveryId && overlap(g, grant)),
  };
}

/** The car of the delivery whose story this is. */
export const vehicleOf = (story: DeliveryStory): string | null =>
  story.state.delivery?.vehicleId ?? null;
