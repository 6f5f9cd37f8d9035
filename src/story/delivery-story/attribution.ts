import { attributionOf } from '../../domain/delivery/hand-back.js';
import type { DeliveryState } from '../../domain/delivery/delivery.state.js';
import type { Attribution } from '../../domain/delivery/delivery.vocabulary.js';
import { eventTime, isEvidenceOnly, type LedgerEvent } from './ledger-event.js';

/**
 * Whose use a fact of the car is: the owner's once the delivery was handed back (the decider records
 * `attributedTo: "owner"`; a fact recorded before it did so is judged by the same rule), else null.
 */
export function attributionOfFact(state: DeliveryState, event: LedgerEvent): Attribution | null {
  switch (event.type) {
    case 'ClosureOpened':
    case 'ClosureClosed':
    case 'VehicleStatusReported':
      if (event.data.attributedTo) return event.data.attributedTo;
      return isEvidenceOnly(event) ? null : attributionOf(state, eventTime(event));
    default:
      return null;
  }
}
