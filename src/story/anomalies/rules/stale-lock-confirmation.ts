import { type AnomalyRule, finding } from '../anomaly.js';

/** A status read offered as lock confirmation was stamped before the lock command, or read too long ago. */
export const staleLockConfirmation: AnomalyRule = {
  code: 'stale_lock_confirmation',
  rule: 'A vehicle status read after a lock request was stamped before the lock command, or a field it relies on was read too long ago, so it cannot confirm the lock',
  detect(before, event) {
    if (
      event.type !== 'VehicleStatusReported' ||
      (event.data.lockVerdict !== 'status_before_lock_command' &&
        event.data.lockVerdict !== 'status_stale')
    ) {
      return null;
    }
    const request = before.state.lockRequest;
    return finding(
      this,
      'medium',
      `Status stamped ${event.data.statusTimestamp}, lock requested ${request?.requestedAt ?? 'later'}`,
      event,
      [request ? before.positions[`command:${request.commandId}`] : undefined],
    );
  },
};
