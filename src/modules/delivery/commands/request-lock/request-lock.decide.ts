import type { RequestLock } from '../../../../domain/delivery/delivery.commands.js';
import { CommandIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

/** Locking is always allowed, also after a failed delivery: a car must never be left open. */
export function requestLock(command: RequestLock, state: DeliveryState): DeliveryEvent[] {
  const { commandId } = command.data;
  if (state.commands[commandId]) throw new CommandIdTaken(commandId);
  return [{ type: 'LockRequested', data: { commandId, requestedAt: command.metadata.now } }];
}
