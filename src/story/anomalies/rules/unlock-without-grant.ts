import { isAfter } from '../../../domain/shared/instant.js';
import { courierSessionAt, unlockAllowedSinceLock } from '../../delivery-story/delivery-story.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** The car was unlocked although the ledger allowed no unlock. */
export const unlockWithoutGrant: AnomalyRule = {
  code: 'unlock_without_grant',
  rule: 'The carmaker reports the car unlocked by a command the ledger denied, or, while a grant is live, the car unlocked with no unlock allowed since the last lock',
  detect(before, event) {
    if (event.type === 'UnlockCommandResult') {
      const command = before.state.commands[event.data.commandId];
      const unlocked = event.data.outcome === 'succeeded' || event.data.outcome === 'ambiguous';
      if (unlocked && command?.deniedFor) {
        return finding(
          this,
          'critical',
          `Unlock ${event.data.outcome} for a command the ledger denied (${command.deniedFor})`,
          event,
          [
            before.positions[`command:${event.data.commandId}`],
            before.positions[`denial:${event.data.commandId}`],
          ],
        );
      }
    }
    if (event.type === 'VehicleStatusReported' && event.data.centralLock === 'UNLOCKED') {
      const newest =
        before.state.lastStatusTimestamp === null ||
        isAfter(event.data.statusTimestamp, before.state.lastStatusTimestamp);
      if (
        newest &&
        before.lockState !== 'unlocked' &&
        !unlockAllowedSinceLock(before) &&
        courierSessionAt(before, event)
      ) {
        return finding(
          this,
          'critical',
          'The car reports itself unlocked with no unlock allowed',
          event,
        );
      }
    }
    return null;
  },
};
