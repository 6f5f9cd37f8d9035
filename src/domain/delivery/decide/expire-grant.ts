import { isAfter } from '../../shared/instant.js';
import type { ExpireGrant } from '../delivery.commands.js';
import { GrantNotFound } from '../delivery.errors.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { type DeliveryState, isClosed } from '../delivery.state.js';

/** The watchdog records a grant's end once its notAfter has passed; nothing before, nor once the delivery ended. */
export function expireGrant(command: ExpireGrant, state: DeliveryState): DeliveryEvent[] {
  const grant = state.grants[command.data.grantId];
  if (!grant) throw new GrantNotFound(command.data.grantId);
  const { grantId, notAfter } = grant.grant;
  if (grant.revokedFor !== null || grant.expired || isClosed(state)) return [];
  if (isAfter(notAfter, command.metadata.now)) return [];
  return [{ type: 'GrantExpired', data: { grantId, notAfter } }];
}
