import { isAfter } from '../../../../domain/shared/instant.js';
import type { ExpireGrant } from '../../../../domain/delivery/delivery.commands.js';
import { GrantNotFound } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { type DeliveryState, isClosed } from '../../../../domain/delivery/delivery.state.js';

/** The watchdog records a grant's end once its notAfter has passed; nothing before, nor once the delivery ended. */
export function expireGrant(command: ExpireGrant, state: DeliveryState): DeliveryEvent[] {
  const grant = state.grants[command.data.grantId];
  if (!grant) throw new GrantNotFound(command.data.grantId);
  const { grantId, notAfter } = grant.grant;
  if (grant.revokedFor !== null || grant.expired || isClosed(state)) return [];
  if (isAfter(notAfter, command.metadata.now)) return [];
  return [{ type: 'GrantExpired', data: { grantId, notAfter } }];
}
