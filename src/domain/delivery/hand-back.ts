import { type Instant, isAfter } from '../shared/instant.js';
import type { DeliveryState } from './delivery.state.js';
import type { Attribution } from './delivery.vocabulary.js';

/**
 * The moment the courier's session ends for good, when it does: the delivery closed (completed or
 * failed) while a lock confirmation held, or a lock confirmed after it closed. The car's clock.
 */
export function handBackAt(state: DeliveryState): Instant | null {
  return (state.handedBack ?? null)?.at ?? null;
}

/** A fact the car stamped after the hand-back is the owner's own use: it blames no courier. */
export function attributionOf(state: DeliveryState, stampedAt: Instant): Attribution | null {
  const at = handBackAt(state);
  return at !== null && isAfter(stampedAt, at) ? 'owner' : null;
}

/**
 * A closure fact stamped no later than this is history: the lock confirmation that holds, or the one
 * the car was handed back with, already saw the car after it. It reopens nothing.
 */
export function historyBefore(state: DeliveryState): Instant | null {
  const held = state.lockConfirmation?.statusTimestamp ?? null;
  const handedBack = handBackAt(state);
  if (held === null) return handedBack;
  if (handedBack === null) return held;
  return isAfter(held, handedBack) ? held : handedBack;
}

/** True when the fact, stamped at `stampedAt`, is older than what the lock confirmation already saw. */
export function isHistory(state: DeliveryState, stampedAt: Instant): boolean {
  const bound = historyBefore(state);
  return bound !== null && !isAfter(stampedAt, bound);
}

/** The attribution as an optional field: present only when it is the owner's. */
export const attributed = (attribution: Attribution | null): { attributedTo?: Attribution } =>
  attribution ? { attributedTo: attribution } : {};
