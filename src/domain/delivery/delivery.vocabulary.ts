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

export const REVOCATION_REASONS = ['customer_blocked', 'cancelled', 'expired', 'security'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** In the order the ledger checks them: the first that applies is the one recorded. */
export const UNLOCK_DENIAL_REASONS = [
  'blocked',
  'no_grant',
  'courier_mismatch',
  'replayed_nonce',
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

export const CENTRAL_LOCK_STATES = ['LOCKED', 'UNLOCKED', 'UNKNOWN'] as const;
export type CentralLockState = (typeof CENTRAL_LOCK_STATES)[number];

export const CLOSURE_STATES = ['open', 'closed', 'unknown'] as const;
export type ClosureState = (typeof CLOSURE_STATES)[number];

/** What a vehicle status read meant for the lock confirmation, recorded with the read. */
export const LOCK_VERDICTS = [
  'confirmed',
  'no_lock_request',
  'already_confirmed',
  'status_before_lock_command',
  'not_locked',
  'closure_open',
  'closure_unknown',
] as const;
export type LockVerdict = (typeof LOCK_VERDICTS)[number];
