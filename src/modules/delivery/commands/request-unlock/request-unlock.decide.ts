import type { RequestUnlock } from '../../../../domain/delivery/delivery.commands.js';
import { CommandIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type {
  DeliveryEvent,
  UnlockRequested,
} from '../../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { unlockDenialReason } from '../../../../domain/delivery/unlock-policy.js';

/** Every request is recorded; a request the rules refuse is followed by UnlockDenied. */
export function requestUnlock(command: RequestUnlock, state: DeliveryState): DeliveryEvent[] {
  const { commandId, grantId } = command.data;
  if (state.commands[commandId]) throw new CommandIdTaken(commandId);
  const requested: UnlockRequested = {
    type: 'UnlockRequested',
    data: { ...command.data, requestedAt: command.metadata.now },
  };
  const reason = unlockDenialReason(command, state);
  return reason === null
    ? [requested]
    : [requested, { type: 'UnlockDenied', data: { commandId, grantId, reason } }];
}
