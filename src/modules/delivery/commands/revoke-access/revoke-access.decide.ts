import type { RevokeAccess } from '../../../../domain/delivery/delivery.commands.js';
import { GrantNotFound } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

export function revokeAccess(command: RevokeAccess, state: DeliveryState): DeliveryEvent[] {
  const grant = state.grants[command.data.grantId];
  if (!grant) throw new GrantNotFound(command.data.grantId);
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (grant.revokedFor !== null) return [];
  return [{ type: 'AccessRevoked', data: command.data }];
}
