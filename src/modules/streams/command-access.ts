import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Command } from '../../domain/shared/message.js';
import { HttpProblem } from '../../http/error-body.js';
import type { ConnectorRefusalLimiter } from '../auth/connector-refusal-limiter.js';
import { connectorVendorOf, mayReach, type Principal } from '../auth/principal.js';
import type { CommandBody, Ownership } from './stream-kind.js';

/** The connector a command comes from, and the carmaker it is bound to. */
export interface Connector {
  readonly id: string;
  readonly vendor: Vendor;
}

export const connectorOf = (principal: Principal): Connector | null => {
  const vendor = connectorVendorOf(principal);
  return vendor === null ? null : { id: principal.id, vendor };
};

/**
 * The ownership step: a customer reaches only their own streams (someone else's is answered as the
 * kind says: a delivery as if it did not exist); a connector speaks only for its own carmaker, on its
 * route and about that carmaker's cars. Returns the stream's customer.
 */
export function authorize<C extends Command, State>(
  owner: Ownership<C, State> | undefined,
  input: {
    readonly id: string;
    readonly command: CommandBody<C>;
    readonly principal: Principal;
    readonly vendor?: Vendor;
  },
  state: State,
  refusals: ConnectorRefusalLimiter,
): string | null {
  const customerId = owner ? owner.customerOf(state, input.command) : null;
  if (owner && customerId === null && owner.unknown) throw owner.unknown(input.id);
  if (owner && customerId !== null && !mayReach(input.principal, customerId))
    throw owner.notYours(input.id, input.command);
  const connector = connectorOf(input.principal);
  if (connector) {
    if (input.vendor !== undefined && input.vendor !== connector.vendor)
      throw wrongVendor(refusals, connector, `it may not post to the ${input.vendor} routes`);
    if (owner?.vendorOf?.(state, input.command) !== connector.vendor)
      throw wrongVendor(refusals, connector, `this delivery's car is another carmaker's`);
  }
  return customerId;
}

/** Answered before anything is stored, and counted as one of the connector's refusals (429 past the limit). */
function wrongVendor(
  refusals: ConnectorRefusalLimiter,
  connector: Connector,
  why: string,
): HttpProblem {
  refusals.refused(connector.id);
  return new HttpProblem(
    403,
    'ACCESS.WRONG_VENDOR',
    `This connector is bound to ${connector.vendor}: ${why}`,
    { vendor: connector.vendor },
  );
}
