import type { Actor } from '../../domain/shared/actor.js';
import { VENDORS, type Vendor } from '../../domain/delivery/delivery.vocabulary.js';

/**
 * The verified caller: its id (`sub`) and role; a customer's id is its customerId. A connector is
 * bound to one carmaker: its `vendor` claim. Stored as the actor of the events it causes, so the
 * ledger shows which carmaker's connector said what.
 */
export interface Principal extends Actor {
  readonly vendor?: Vendor;
}

export const isVendor = (value: unknown): value is Vendor =>
  typeof value === 'string' && (VENDORS as readonly string[]).includes(value);

/** The carmaker a connector speaks for; null for every other caller. */
export const connectorVendorOf = (principal: Principal): Vendor | null =>
  principal.role === 'oem-connector' && principal.vendor !== undefined ? principal.vendor : null;

/** Who the ledger records as the actor: id and role, and a connector's carmaker as evidence. */
export const actorOf = (principal: Principal): Principal =>
  principal.vendor !== undefined
    ? { id: principal.id, role: principal.role, vendor: principal.vendor }
    : { id: principal.id, role: principal.role };

/** A customer reaches only what is their own; every other role reaches what its routes allow. */
export const mayReach = (principal: Principal, customerId: string): boolean =>
  principal.role !== 'customer' || principal.id === customerId;
