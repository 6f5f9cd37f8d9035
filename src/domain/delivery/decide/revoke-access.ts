import type { RevokeAccess } from '../delivery.commands.js';
import { GrantNotFound } from '../delivery.errors.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';

export function revokeAccess(command: RevokeAccess, state: DeliveryState): DeliveryEvent[] {
  const grant = state.grants[command.data.grantId];
  if (!grant) throw new GrantNotFound(command.data.grantId);
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (grant.revokedFor !== null) return [];
  return [{ type: 'AccessRevoked', data: command.data }];
}
