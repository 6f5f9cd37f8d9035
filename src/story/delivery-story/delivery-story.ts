import { evolveDelivery } from '../../domain/delivery/delivery.evolve.js';
import {
  type DeliveryState,
  initialDeliveryState,
  isCourierReleased,
  isGrantActive,
} from '../../domain/delivery/delivery.state.js';
import type { Closure } from '../../domain/delivery/delivery.vocabulary.js';
import { isAfter, type Instant } from '../../domain/shared/instant.js';
import { addDurations, secondsBetween } from './bounded-time.js';
import { eventTime, isEvidenceOnly, type LedgerEvent } from './ledger-event.js';

export type LockState = 'locked' | 'unlocked' | 'unknown';

/** Key moments of a delivery, by the time each happened (the car's clock where the car reports). */
export interface KeyTimes {
  readonly scheduledAt: Instant | null;
  readonly grantedAt: Instant | null;
  readonly unlockedAt: Instant | null;
  readonly firstOpenedAt: Instant | null;
  readonly droppedAt: Instant | null;
  readonly lastClosedAt: Instant | null;
  readonly lockRequestedAt: Instant | null;
  readonly lockConfirmedAt: Instant | null;
  readonly completedAt: Instant | null;
  readonly failedAt: Instant | null;
  readonly cancelledAt?: Instant | null;
}

/**
 * Everything the read side needs to know about a delivery after each event: the decider's own state
 * plus when things happened. Plain JSON, so it can be stored between batches; a pure fold, so a
 * replay a year later tells the same story.
 */
export interface DeliveryStory {
  readonly deliveryId: string | null;
  readonly state: DeliveryState;
  readonly times: KeyTimes;
  readonly courierIds: readonly string[];
  readonly lockState: LockState;
  /** When the current unlocked stretch began, if the car stands unlocked. */
  readonly unlockedSince: Instant | null;
  /** Within [0, MAX_SECONDS] whatever the clocks said (bounded-time.ts). */
  readonly unlockedSeconds: number;
  readonly openedAt: Readonly<Partial<Record<Closure, Instant>>>;
  /** Anomaly codes raised so far, in the order raised, each once. */
  readonly anomalyCodes: readonly string[];
  /** Per source, the last clock_skew raised: when (ledger clock) and by how much (s, + ahead). */
  readonly skewRaised: Readonly<Record<string, { readonly at: Instant; readonly skewS: number }>>;
  /** Where the events later rules point back to are: `command:{id}`, `denial:{id}`, `lockConfirmed`, `package:{id}`, `scheduled`. */
  readonly positions: Readonly<Record<string, number>>;
  readonly lastPosition: number;
}

const NO_TIMES: KeyTimes = {
  scheduledAt: null,
  grantedAt: null,
  unlockedAt: null,
  firstOpenedAt: null,
  droppedAt: null,
  lastClosedAt: null,
  lockRequestedAt: null,
  lockConfirmedAt: null,
  completedAt: null,
  failedAt: null,
};

export const initialStory = (): DeliveryStory => ({
  deliveryId: null,
  state: initialDeliveryState(),
  times: NO_TIMES,
  courierIds: [],
  lockState: 'unknown',
  unlockedSince: null,
  unlockedSeconds: 0,
  openedAt: {},
  anomalyCodes: [],
  skewRaised: {},
  positions: {},
  lastPosition: -1,
});

function becameUnlocked(story: DeliveryStory, at: Instant): Partial<DeliveryStory> {
  return {
    lockState: 'unlocked',
    unlockedSince: story.unlockedSince ?? at,
    times: { ...story.times, unlockedAt: story.times.unlockedAt ?? at },
  };
}

function becameLocked(story: DeliveryStory, at: Instant): Partial<DeliveryStory> {
  return {
    lockState: 'locked',
    unlockedSince: null,
    unlockedSeconds:
      story.unlockedSince === null
        ? story.unlockedSeconds
        : addDurations(story.unlockedSeconds, secondsBetween(story.unlockedSince, at)),
  };
}

function storyChanges(
  story: DeliveryStory,
  event: LedgerEvent,
  at: Instant,
): Partial<DeliveryStory> {
  const times = story.times;
  switch (event.type) {
    case 'DeliveryScheduled':
      return { deliveryId: event.data.deliveryId, times: { ...times, scheduledAt: at } };
    case 'AccessGranted':
      return {
        times: { ...times, grantedAt: times.grantedAt ?? at },
        courierIds: story.courierIds.includes(event.data.courierId)
          ? story.courierIds
          : [...story.courierIds, event.data.courierId],
      };
    case 'UnlockCommandResult':
      return event.data.outcome === 'succeeded' || event.data.outcome === 'ambiguous'
        ? becameUnlocked(story, at)
        : {};
    case 'ClosureOpened': {
      // A closure can only open on an unlocked car, whatever was reported before.
      const unlocked = story.lockState === 'unlocked' ? {} : becameUnlocked(story, at);
      return {
        ...unlocked,
        times: { ...(unlocked.times ?? times), firstOpenedAt: times.firstOpenedAt ?? at },
        openedAt: { ...story.openedAt, [event.data.closure]: at },
      };
    }
    case 'ClosureClosed': {
      const { [event.data.closure]: _closed, ...stillOpen } = story.openedAt;
      return { times: { ...times, lastClosedAt: at }, openedAt: stillOpen };
    }
    case 'PackagePlaced':
      return { times: { ...times, droppedAt: times.droppedAt ?? at } };
    case 'LockRequested':
      return { times: { ...times, lockRequestedAt: event.data.requestedAt } };
    case 'VehicleStatusReported': {
      const newest =
        story.state.lastStatusTimestamp === null ||
        isAfter(event.data.statusTimestamp, story.state.lastStatusTimestamp);
      if (!newest || event.data.centralLock === 'UNKNOWN') return {};
      return event.data.centralLock === 'LOCKED'
        ? becameLocked(story, at)
        : story.lockState === 'unlocked'
          ? {}
          : becameUnlocked(story, at);
    }
    case 'LockConfirmed':
      return { ...becameLocked(story, at), times: { ...times, lockConfirmedAt: at } };
    case 'DeliveryCompleted':
      return { times: { ...times, completedAt: at } };
    case 'DeliveryFailed':
      return { times: { ...times, failedAt: at } };
    case 'DeliveryCancelled':
      return { times: { ...times, cancelledAt: at } };
    case 'UnlockRequested':
    case 'VehicleLocationDeclared':
    case 'VehiclePositionReported':
    case 'InCarDeliveryBlocked':
    case 'InCarDeliveryAllowed':
    case 'CourierApproaching':
    case 'AccessRevoked':
    case 'UnlockDenied':
    case 'LockCommandResult':
    case 'GrantExpired':
    case 'LockConfirmationOverdue':
    case 'CarRelocked':
    case 'CarLeftUnlocked':
    case 'CommandRefused':
    case 'PhotoAttached':
    case 'PhotoUploadOverdue':
      return {};
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

function positionKey(event: LedgerEvent): string | null {
  switch (event.type) {
    case 'UnlockRequested':
    case 'LockRequested':
      return `command:${event.data.commandId}`;
    case 'UnlockDenied':
      return `denial:${event.data.commandId}`;
    case 'LockConfirmed':
      return 'lockConfirmed';
    case 'ClosureClosed':
      return 'lastClosed';
    case 'PackagePlaced':
      return `package:${event.data.packageId}`;
    case 'DeliveryScheduled':
      return 'scheduled';
    case 'CarRelocked':
      return 'relocked';
    default:
      return null;
  }
}

/** The story after one more event of the delivery. */
export function tellStory(story: DeliveryStory, event: LedgerEvent): DeliveryStory {
  const key = positionKey(event);
  return {
    ...story,
    ...(isEvidenceOnly(event) ? {} : storyChanges(story, event, eventTime(event))),
    state: evolveDelivery(story.state, event),
    positions: key ? { ...story.positions, [key]: event.metadata.globalPosition } : story.positions,
    lastPosition: event.metadata.globalPosition,
  };
}

/** Was an unlock allowed since the car was last known locked (a lock confirmation, its own relock)? */
export function unlockAllowedSinceLock(story: DeliveryStory): boolean {
  const lockedAt = Math.max(story.positions.lockConfirmed ?? -1, story.positions.relocked ?? -1);
  return Object.values(story.state.commands).some(
    (c) =>
      c.kind === 'unlock' &&
      c.deniedFor === null &&
      (story.positions[`command:${c.commandId}`] ?? -1) > lockedAt,
  );
}

/** The courier of the last unlock the ledger allowed. */
export function courierAtCar(state: DeliveryState): string | null {
  const allowed = Object.values(state.commands).filter(
    (c) => c.kind === 'unlock' && c.deniedFor === null,
  );
  const grantId = allowed.at(-1)?.grantId;
  return grantId ? (state.grants[grantId]?.grant.courierId ?? null) : null;
}

const union = (a: readonly string[], b: readonly string[]) =>
  b.every((x) => a.includes(x)) ? a : [...new Set([...a, ...b])];

export const withAnomalies = (
  story: DeliveryStory,
  codes: readonly string[],
  skew: { source: string; at: Instant; skewS: number } | null,
): DeliveryStory =>
  codes.length === 0 && skew === null
    ? story
    : {
        ...story,
        anomalyCodes: union(story.anomalyCodes, codes),
        skewRaised: skew
          ? { ...story.skewRaised, [skew.source]: { at: skew.at, skewS: skew.skewS } }
          : story.skewRaised,
      };

/** Is any grant usable at this moment (not revoked, not expired, inside its window)? */
export function grantActiveAt(story: DeliveryStory, at: Instant): boolean {
  if (story.state.phase !== 'open') return false;
  return Object.values(story.state.grants).some(
    (g) => isGrantActive(g) && !isAfter(g.grant.notBefore, at) && !isAfter(at, g.grant.notAfter),
  );
}

/** The derived state a timeline shows after each step. */
export interface StepState {
  readonly phase: DeliveryState['phase'];
  readonly grantActive: boolean;
  readonly vehicle: LockState;
  readonly openClosures: readonly Closure[];
  readonly courierReleased: boolean;
}

export const stepState = (story: DeliveryStory, at: Instant): StepState => ({
  phase: story.state.phase,
  grantActive: grantActiveAt(story, at),
  vehicle: story.lockState,
  openClosures: (Object.keys(story.openedAt) as Closure[]).sort(),
  courierReleased: isCourierReleased(story.state),
});
