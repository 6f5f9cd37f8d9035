import { DomainError } from '../../../domain/shared/domain-error.js';

export class CourierNotFound extends DomainError {
  constructor(courierId: string) {
    super('COURIER.NOT_FOUND', `The ledger holds no data of courier ${courierId}`, 'not_found', {
      courierId,
    });
  }
}

export class CourierDeliveriesOpen extends DomainError {
  constructor(courierId: string, deliveryIds: readonly string[]) {
    super(
      'COURIER.OPEN_DELIVERIES',
      `Courier ${courierId} has deliveries under way (${deliveryIds.join(', ')}): complete or cancel them before erasure`,
      'conflict',
      { courierId, deliveryIds },
    );
  }
}

/** A case holding a customer's data holds the courier data of that customer's deliveries too. */
export class CourierDataUnderLegalHold extends DomainError {
  constructor(courierId: string, caseIds: readonly string[], deliveryIds: readonly string[]) {
    super(
      'SUBJECT.LEGAL_HOLD',
      `Deliveries of courier ${courierId} (${deliveryIds.join(', ')}) are under legal hold (GDPR Art. 17(3)(e)) by ${caseIds.join(', ')}: the courier cannot be erased until the hold is released`,
      'conflict',
      { courierId, caseIds, deliveryIds },
    );
  }
}
