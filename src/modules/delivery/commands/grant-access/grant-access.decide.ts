import { isAfter } from '../../../../domain/shared/instant.js';
import type { GrantAccess } from '../../../../domain/delivery/delivery.commands.js';
import { GrantIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import {
  REFUSAL,
  refuse,
  refusedWhenClosed,
} from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { BLOCKER_NAMES } from '../../../../domain/delivery/in-car-block.js';

export function grantAccess(command: GrantAccess, state: DeliveryState): DeliveryEvent[] {
  const { grantId, notBefore, notAfter, scope } = command.data;
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (state.grants[grantId]) throw new GrantIdTaken(grantId);
  const delivery = state.delivery!;
  const refusal = (code: string, message: string) => [refuse(command, code, message)];

  if (state.inCarBlocked) {
    const by = BLOCKER_NAMES[state.inCarBlockedBy ?? 'customer'];
    return refusal(REFUSAL.inCarBlocked, `In-car delivery is blocked by ${by}`);
  }
  if (!isAfter(notAfter, notBefore)) {
    return refusal(REFUSAL.grantWindowInvalid, 'notAfter must come after notBefore');
  }
  if (!isAfter(notAfter, command.metadata.now)) {
    return refusal(REFUSAL.grantAlreadyExpired, 'The grant would already be expired');
  }
  if (!isAfter(delivery.window.to, notBefore) || !isAfter(notAfter, delivery.window.from)) {
    return refusal(
      REFUSAL.grantOutsideDeliveryWindow,
      'The grant does not overlap the delivery window',
    );
  }
  if (scope !== delivery.target) {
    return refusal(
      REFUSAL.grantScopeMismatch,
      `The delivery goes to the ${delivery.target}, the grant is for the ${scope}`,
    );
  }
  return [{ type: 'AccessGranted', data: command.data }];
}
