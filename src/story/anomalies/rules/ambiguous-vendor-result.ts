import { type AnomalyRule, finding } from '../anomaly.js';

/** The carmaker could not say whether the car acted. */
export const ambiguousVendorResult: AnomalyRule = {
  code: 'ambiguous_vendor_result',
  rule: 'The carmaker’s answer leaves it open whether the car carried out the command (counted as not done)',
  detect(before, event) {
    if (
      (event.type !== 'UnlockCommandResult' && event.type !== 'LockCommandResult') ||
      event.data.outcome !== 'ambiguous'
    ) {
      return null;
    }
    const unlock = event.type === 'UnlockCommandResult';
    return finding(
      this,
      unlock ? 'high' : 'medium',
      `${event.data.vendor} answered ${event.data.vendorStatus} to the ${unlock ? 'unlock' : 'lock'} command`,
      event,
      [before.positions[`command:${event.data.commandId}`]],
    );
  },
};
