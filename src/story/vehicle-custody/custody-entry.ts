import type { Instant } from '../../domain/shared/instant.js';
import type { StoryStep } from '../anomalies/detect-anomalies.js';
import { attributionOfFact } from '../delivery-story/attribution.js';
import { courierAtCar } from '../delivery-story/delivery-story.js';
import { isEvidenceOnly, type LedgerEvent } from '../delivery-story/ledger-event.js';
import { placedAt } from '../delivery-story/placement.js';
import { timelineLine } from '../delivery-timeline/timeline-line.js';
import { deliveryIdOf } from '../delivery-timeline/timeline-entry.js';

export const CUSTODY_KINDS = [
  'grant',
  'grant_revoked',
  'grant_expired',
  'unlock_denied',
  'unlock',
  'opening',
  'closing',
  'lock',
  'delivery_ended',
] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

/** One grant, unlock, opening or lock of a car, from one delivery's event: what the custody view lists. */
export interface CustodyEntry {
  readonly vehicleId: string;
  readonly deliveryId: string;
  readonly customerId: string;
  readonly globalPosition: number;
  /** When it happened, by the ledger's clock (placement.ts). */
  readonly at: Instant;
  readonly kind: CustodyKind;
  readonly grantId: string | null;
  /** The courier it is attributed to; null for the owner's own use or when nobody is known. */
  readonly courierId: string | null;
  readonly attributedTo: 'owner' | null;
  /** The delivery timeline's line for it: no personal data. */
  readonly line: string;
}

const unlocked = (outcome: string) => outcome === 'succeeded' || outcome === 'ambiguous';

/** What the event is for the car's custody, and whom it concerns. */
function kindOf(
  step: StoryStep,
  event: LedgerEvent,
  owners: boolean,
): { kind: CustodyKind; grantId: string | null; courierId: string | null } | null {
  const before = step.before.state;
  const grantOf = (commandId: string) =>
    Object.values(before.grants).find((g) => g.usedBy === commandId)?.grant ?? null;
  switch (event.type) {
    case 'AccessGranted':
      return { kind: 'grant', grantId: event.data.grantId, courierId: event.data.courierId };
    case 'AccessRevoked':
    case 'GrantExpired': {
      const grant = before.grants[event.data.grantId]?.grant;
      return {
        kind: event.type === 'AccessRevoked' ? 'grant_revoked' : 'grant_expired',
        grantId: event.data.grantId,
        courierId: grant?.courierId ?? null,
      };
    }
    case 'UnlockDenied':
      return {
        kind: 'unlock_denied',
        grantId: event.data.grantId,
        courierId: before.grants[event.data.grantId]?.grant.courierId ?? null,
      };
    case 'UnlockCommandResult': {
      if (!unlocked(event.data.outcome)) return null;
      const grant = grantOf(event.data.commandId);
      return {
        kind: 'unlock',
        grantId: grant?.grantId ?? null,
        courierId: grant?.courierId ?? null,
      };
    }
    case 'ClosureOpened':
    case 'ClosureClosed':
      if (isEvidenceOnly(event)) return null;
      return {
        kind: event.type === 'ClosureOpened' ? 'opening' : 'closing',
        grantId: null,
        courierId: courierAtCar(before),
      };
    case 'VehicleStatusReported': {
      // A read counts when it shows the lock change outside a courier's lock confirmation: the
      // owner's use, or an unlock nobody was allowed (the confirming read is told by LockConfirmed).
      const [was, is] = [step.before.lockState, step.after.lockState];
      if (was === is || is === 'unknown' || (is === 'locked' && !owners)) return null;
      return { kind: is === 'locked' ? 'lock' : 'unlock', grantId: null, courierId: null };
    }
    case 'LockConfirmed':
      return { kind: 'lock', grantId: null, courierId: courierAtCar(before) };
    case 'DeliveryCompleted':
    case 'DeliveryFailed':
      return { kind: 'delivery_ended', grantId: null, courierId: courierAtCar(before) };
    default:
      return null;
  }
}

/** The custody entry of one step of a delivery's story, if the event is one. */
export function custodyEntryOf(step: StoryStep, event: LedgerEvent): CustodyEntry | null {
  const delivery = step.after.state.delivery;
  if (!delivery) return null;
  const owners = attributionOfFact(step.before.state, event) === 'owner';
  const found = kindOf(step, event, owners);
  if (!found) return null;
  return {
    vehicleId: delivery.vehicleId,
    deliveryId: deliveryIdOf(event),
    customerId: delivery.customerId,
    globalPosition: event.metadata.globalPosition,
    at: placedAt(event, step.before),
    kind: found.kind,
    grantId: found.grantId,
    courierId: owners ? null : found.courierId,
    attributedTo: owners ? 'owner' : null,
    line: timelineLine(step.before, event, step.after),
  };
}
