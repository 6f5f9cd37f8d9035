import type { RequestLock } from '../delivery.commands.js';
import { CommandIdTaken } from '../delivery.errors.js';
import type { DeliveryEvent } from '../delivery.events.js';
import type { DeliveryState } from '../delivery.state.js';

/** Locking is always allowed, also after a failed delivery: a car must never be left open. */
export function requestLock(command: RequestLock, state: DeliveryState): DeliveryEvent[] {
  const { commandId } = command.data;
  if (state.commands[commandId]) throw new CommandIdTaken(commandId);
  return [{ type: 'LockRequested', data: { commandId, requestedAt: command.metadata.now } }];
}
