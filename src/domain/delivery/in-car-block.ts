import type { Actor } from '../shared/actor.js';
import { NotABlocker } from './delivery.errors.js';
import { BLOCKER_ROLES, type BlockerRole } from './delivery.vocabulary.js';

/** The role a block or a lift is made by; no other role makes one. */
export function blockerRoleOf(actor: Actor): BlockerRole {
  if (!(BLOCKER_ROLES as readonly string[]).includes(actor.role)) throw new NotABlocker(actor.role);
  return actor.role as BlockerRole;
}

/** How people read who made a block: in the timeline and in refusals. */
export const BLOCKER_NAMES: Record<BlockerRole, string> = {
  customer: 'the customer',
  'delivery-service': 'the delivery service',
  admin: 'an admin',
};

/**
 * Who may lift a block: whoever's role made it (the customer's block only the customer, the delivery
 * service's only the service), or an admin with a reason, whoever made it.
 */
export const mayLift = (blockedBy: BlockerRole, lifter: BlockerRole): boolean =>
  lifter === 'admin' || lifter === blockedBy;
