/** The closed vocabularies of a delivery; other systems rely on these exact strings. */
export const VENDORS = ['volvo', 'gm', 'tesla'] as const;
export type Vendor = (typeof VENDORS)[number];

export const DELIVERY_TARGETS = ['trunk', 'cabin'] as const;
export type DeliveryTarget = (typeof DELIVERY_TARGETS)[number];

export const CLOSURES = [
  'trunk',
  'frunk',
  'front_left',
  'front_right',
  'rear_left',
  'rear_right',
] as const;
export type Closure = (typeof CLOSURES)[number];

/** Windows and the sunroof, where a carmaker reports them: an open one is not a locked car. */
export const WINDOWS = [
  'window_front_left',
  'window_front_right',
  'window_rear_left',
  'window_rear_right',
  'sunroof',
] as const;
export type Window = (typeof WINDOWS)[number];

/** Every field of a status read the lock rule may rely on, each with its own timestamp. */
export type StatusField = 'centralLock' | Closure | Window;

/** Who may block in-car delivery, and so who a block is said to be made by. */
export const BLOCKER_ROLES = ['customer', 'delivery-service', 'admin'] as const;
export type BlockerRole = (typeof BLOCKER_ROLES)[number];

export const REVOCATION_REASONS = [
  'customer_blocked',
  'cancelled',
  'expired',
  'security',
  'vehicle_moved',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** In the order the ledger checks them: the first that applies is the one recorded. */
export const UNLOCK_DENIAL_REASONS = [
  'blocked',
  'no_grant',
  'courier_mismatch',
  'replayed_nonce',
  'vehicle_outside_area',
  'revoked',
  'expired',
  'not_yet_valid',
  'grant_used',
  'outside_geofence',
] as const;
export type UnlockDenialReason = (typeof UNLOCK_DENIAL_REASONS)[number];

export const COMMAND_OUTCOMES = [
  'accepted',
  'pending',
  'succeeded',
  'failed',
  'ambiguous',
] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

export const FAILURE_FALLBACKS = ['home_address', 'returned'] as const;
export type FailureFallback = (typeof FAILURE_FALLBACKS)[number];

export type CentralLockState = 'LOCKED' | 'UNLOCKED' | 'UNKNOWN';

export type ClosureState = 'open' | 'closed' | 'unknown';

/** What a vehicle status read meant for the lock confirmation, recorded with the read. */
export type LockVerdict =
  | 'confirmed'
  | 'no_lock_request'
  | 'already_confirmed'
  | 'status_before_lock_command'
  | 'not_locked'
  | 'closure_open'
  | 'closure_unknown'
  | 'timestamp_in_future'
  | 'status_stale'
  | 'contradictory_payload';

/** Verdicts of a read kept as evidence only: it changes no state and confirms nothing. */
export const EVIDENCE_ONLY_VERDICTS: ReadonlySet<LockVerdict> = new Set([
  'timestamp_in_future',
  'contradictory_payload',
]);

/** How a lock confirmation was known: a status read of the car, or the carmaker's word on its command. */
export type LockEvidence = 'status_observed' | 'command_acknowledged';

/**
 * Why a reported fact changed no state: stamped too far ahead of the ledger's clock, or older than
 * what the ledger already knows of the same thing. Null when it counts.
 */
export type SourceTimeVerdict = 'timestamp_in_future' | 'superseded';

/** Whose use a fact after a delivery's hand-back is: the car's owner, never the courier. */
export type Attribution = 'owner';
