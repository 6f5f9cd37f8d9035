import { evolveDelivery } from '../../domain/delivery/delivery.evolve.js';
import {
  type DeliveryState,
  initialDeliveryState,
  isCourierReleased,
  isGrantActive,
} from '../../domain/delivery/delivery.state.js';
import type { Closure } from '../../domain/delivery/delivery.vocabulary.js';
import { isAfter, type Instant } from '../../domain/shared/instant.js';
import { attributionOfFact } from './attribution.js';
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
  /** The car's clock offset (its clock − the ledger's, s) as the last status read was judged with. */
  readonly vehicleClockOffsetS?: number;
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
  vehicleClockOffsetS: 0,
});

/** The earlier of two moments (a late fact may have happened first); the known one if `at` is no moment. */
const earliest = (known: Instant | null, at: Instant): Instant =>
  known !== null && !isAfter(known, at) ? known : at;
/** The later of two moments: a late fact stamped earlier does not move it back. */
const latest = (known: Instant | null, at: Instant): Instant =>
  known !== null && !isAfter(at, known) ? known : at;

function becameUnlocked(story: DeliveryStory, at: Instant): Partial<DeliveryStory> {
  return {
    lockState: 'unlocked',
    unlockedSince: story.unlockedSince ?? at,
    times: { ...story.times, unlockedAt: earliest(story.times.unlockedAt, at) },
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
        times: { ...(unlocked.times ?? times), firstOpenedAt: earliest(times.firstOpenedAt, at) },
        openedAt: { ...story.openedAt, [event.data.closure]: at },
      };
    }
    case 'ClosureClosed': {
      const { [event.data.closure]: _closed, ...stillOpen } = story.openedAt;
      return {
        times: { ...times, lastClosedAt: latest(times.lastClosedAt, at) },
        openedAt: stillOpen,
      };
    }
    case 'PackagePlaced':
      return { times: { ...times, droppedAt: earliest(times.droppedAt, at) } };
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

/**
 * The owner's own use after the hand-back: the car's lock and closures as they are, but none of the
 * delivery's key times and no unlocked time of the courier's session.
 */
function ownerChanges(story: DeliveryStory, event: LedgerEvent): Partial<DeliveryStory> {
  const at = eventTime(event);
  switch (event.type) {
    case 'ClosureOpened':
      return { lockState: 'unlocked', openedAt: { ...story.openedAt, [event.data.closure]: at } };
    case 'ClosureClosed': {
      const { [event.data.closure]: _closed, ...stillOpen } = story.openedAt;
      return { openedAt: stillOpen };
    }
    case 'VehicleStatusReported':
      return event.data.centralLock === 'UNKNOWN'
        ? {}
        : { lockState: event.data.centralLock === 'LOCKED' ? 'locked' : 'unlocked' };
    default:
      return {};
  }
}

function changesOf(story: DeliveryStory, event: LedgerEvent): Partial<DeliveryStory> {
  if (isEvidenceOnly(event)) return {};
  if (attributionOfFact(story.state, event) === 'owner') return ownerChanges(story, event);
  return storyChanges(story, event, eventTime(event));
}

/** The car's clock offset the decider judged the last status read with (the read's own record). */
const vehicleClockOffset = (story: DeliveryStory, event: LedgerEvent): number =>
  event.type === 'VehicleStatusReported' && event.data.judgement
    ? event.data.judgement.clockOffsetS
    : (story.vehicleClockOffsetS ?? 0);

/** The story after one more event of the delivery. */
export function tellStory(story: DeliveryStory, event: LedgerEvent): DeliveryStory {
  const key = positionKey(event);
  return {
    ...story,
    ...changesOf(story, event),
    vehicleClockOffsetS: vehicleClockOffset(story, event),
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

/**
 * Whether a courier may be answerable for a fact of the car: not the owner's own use after the
 * hand-back, and within a courier's session — a grant live at the fact's time, or an unlock allowed
 * and not yet followed by a confirmed lock. Opening anomalies that blame a courier apply only then.
 */
export function courierSessionAt(before: DeliveryStory, event: LedgerEvent): boolean {
  if (attributionOfFact(before.state, event) === 'owner') return false;
  return grantActiveAt(before, eventTime(event)) || unlockAllowedSinceLock(before);
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
