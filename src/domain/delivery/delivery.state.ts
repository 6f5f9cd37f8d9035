import type { GeoPoint } from '../shared/geo-point.js';
import type { Instant } from '../shared/instant.js';
import type { AccessGranted, DeliveryScheduled } from './delivery.events.js';
import type {
  BlockerRole,
  Closure,
  CommandOutcome,
  StatusField,
  RevocationReason,
  UnlockDenialReason,
} from './delivery.vocabulary.js';

export interface GrantState {
  readonly grant: AccessGranted['data'];
  readonly revokedFor: RevocationReason | null;
  readonly expired: boolean;
  /**
   * The allowed unlock that holds it, if any: from its request until the car is known not to have
   * run it (a failed result) or to have locked itself again with nothing opened (CarRelocked).
   */
  readonly usedBy: string | null;
}

export interface VehicleCommandState {
  readonly commandId: string;
  readonly kind: 'unlock' | 'lock';
  readonly deniedFor: UnlockDenialReason | null;
  /** The strongest outcome reported so far: a terminal one is never replaced by a later pending. */
  readonly outcome: CommandOutcome | null;
  /** The grant an unlock was requested on; null for a lock. */
  readonly grantId: string | null;
  /** When the ledger recorded the request (ledger clock). */
  readonly requestedAt: Instant;
}

/** The watchdog's finding that the car was left unlocked, until a lock confirmation or a relock. */
export interface LeftUnlockedState {
  readonly unlockedSince: Instant;
  readonly dueAt: Instant;
  readonly lockCommandId: string;
}

export interface LockConfirmationState {
  readonly commandId: string;
  readonly statusTimestamp: Instant;
}

/** The latest value the ledger knows of one status field, and when the car read it (its clock). */
export interface FieldReading {
  readonly value: string;
  readonly at: Instant;
}

/** Whose clock a timestamp is: the car's (status reads), or the carmaker cloud's (GM command times). */
export type ClockSource = 'vehicle' | 'carmaker';

/** One drop photo by its digest: the packages it shows, and whether the ledger holds the image. */
export interface DropPhotoState {
  readonly packageIds: readonly string[];
  /** The end of the upload's grace period; null when the image was held when the drop was recorded. */
  readonly dueBy: Instant | null;
  readonly attached: boolean;
  /** The watchdog recorded PhotoUploadOverdue. */
  readonly overdue: boolean;
}

/** The car's latest known position: the customer's word (declared) or the car's own (reported). */
export interface VehiclePosition {
  readonly position: GeoPoint;
  /** When it was fixed (the car's clock) or declared (the ledger's). */
  readonly at: Instant;
  readonly source: 'declared' | 'reported';
}

export type DeliveryPhase = 'unscheduled' | 'open' | 'completed' | 'failed' | 'cancelled';

export interface DeliveryState {
  readonly phase: DeliveryPhase;
  readonly delivery: DeliveryScheduled['data'] | null;
  readonly inCarBlocked: boolean;
  /** Who made the block in place (null when none is): theirs, or an admin's, to lift. */
  readonly inCarBlockedBy: BlockerRole | null;
  readonly grants: Readonly<Record<string, GrantState>>;
  readonly seenNonces: Readonly<Record<string, true>>;
  readonly commands: Readonly<Record<string, VehicleCommandState>>;
  readonly packages: Readonly<Record<string, true>>;
  /** Drop photos by SHA-256. */
  readonly photos: Readonly<Record<string, DropPhotoState>>;
  readonly closures: Readonly<Partial<Record<Closure, 'open' | 'closed'>>>;
  readonly lastClosureClosedAt: Instant | null;
  readonly lastStatusTimestamp: Instant | null;
  readonly lockRequest: {
    readonly commandId: string;
    readonly requestedAt: Instant;
    /** When the carmaker says it received the lock command, by its own clock, once it says. */
    readonly acknowledgedAt: Instant | null;
  } | null;
  /** Each status field's latest reading by the car's clock, merged over reads (Volvo stamps each). */
  readonly readings: Readonly<Partial<Record<StatusField, FieldReading>>>;
  /** Each closure's latest fact by the car's clock: an older fact arriving later changes nothing. */
  readonly closureTimes: Readonly<Partial<Record<Closure, Instant>>>;
  /** Recent (ledger time − source time) samples per source, in seconds, newest last. */
  readonly clockSamples: Readonly<Partial<Record<ClockSource, readonly number[]>>>;
  /** The lock confirmation that still holds: nothing opened or unlocked the car since. */
  readonly lockConfirmation: LockConfirmationState | null;
  readonly overdueFlaggedFor: Instant | null;
  /**
   * Unlock commands that may have unlocked the car (succeeded or ambiguous, never a failed one) since
   * it was last known locked (a lock confirmation or the car's own relock), with when each was requested.
   */
  readonly unlockedBy: Readonly<Record<string, Instant>>;
  readonly leftUnlocked: LeftUnlockedState | null;
  /** The latest position of the car by its own time; an older one arriving later does not replace it. */
  readonly vehiclePosition: VehiclePosition | null;
  /**
   * Once the delivery is closed with a lock confirmation holding, the car is its owner's again from
   * that confirmation's read on (`at`, the car's clock): later facts are the owner's own use.
   */
  readonly handedBack: { readonly at: Instant } | null;
}

export const initialDeliveryState = (): DeliveryState => ({
  phase: 'unscheduled',
  delivery: null,
  inCarBlocked: false,
  inCarBlockedBy: null,
  grants: {},
  seenNonces: {},
  commands: {},
  packages: {},
  photos: {},
  closures: {},
  lastClosureClosedAt: null,
  lastStatusTimestamp: null,
  lockRequest: null,
  readings: {},
  closureTimes: {},
  clockSamples: {},
  lockConfirmation: null,
  overdueFlaggedFor: null,
  unlockedBy: {},
  leftUnlocked: null,
  vehiclePosition: null,
  handedBack: null,
});

export const isClosed = (state: DeliveryState): boolean =>
  state.phase === 'completed' || state.phase === 'failed' || state.phase === 'cancelled';

/** True once the ledger has allowed an unlock: from then on a block also asks for a lock. */
export const hasAllowedUnlock = (state: DeliveryState): boolean =>
  Object.values(state.commands).some((c) => c.kind === 'unlock' && c.deniedFor === null);

/** A grant that could still be used: not revoked, not expired, delivery still open. */
export const isGrantActive = (grant: GrantState): boolean =>
  grant.revokedFor === null && !grant.expired;

/** The courier may leave while a lock confirmation holds; once handed back, the owner's use changes nothing. */
export const isCourierReleased = (state: DeliveryState): boolean =>
  state.lockConfirmation !== null || (state.handedBack ?? null) !== null;
