import { isAfter } from '../../../domain/shared/instant.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** An unlock asked for, or carried out, outside the grant's window. */
export const unlockOutsideWindow: AnomalyRule = {
  code: 'unlock_outside_window',
  rule: 'An unlock was requested before notBefore or after notAfter, or the car unlocked outside the grant window',
  detect(before, event, after) {
    if (
      event.type === 'UnlockDenied' &&
      (event.data.reason === 'expired' || event.data.reason === 'not_yet_valid')
    ) {
      return finding(
        this,
        'medium',
        `Unlock requested while the grant was ${event.data.reason.replaceAll('_', ' ')}`,
        event,
        [before.positions[`command:${event.data.commandId}`]],
      );
    }
    if (
      event.type === 'UnlockCommandResult' &&
      (event.data.outcome === 'succeeded' || event.data.outcome === 'ambiguous')
    ) {
      const command = before.state.commands[event.data.commandId];
      if (!command || command.deniedFor) return null;
      const grant = command.grantId ? after.state.grants[command.grantId] : undefined;
      const at = event.metadata.occurredAt;
      if (grant && (isAfter(grant.grant.notBefore, at) || isAfter(at, grant.grant.notAfter))) {
        return finding(this, 'high', 'The car unlocked outside the grant window', event, [
          before.positions[`command:${event.data.commandId}`],
        ]);
      }
    }
    return null;
  },
};
