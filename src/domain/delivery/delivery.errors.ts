import { CodedError } from '../shared/coded-error.js';
import { DomainError } from '../shared/domain-error.js';

export class DeliveryNotFound extends DomainError {
  constructor(deliveryId?: string) {
    super(
      'DELIVERY.NOT_FOUND',
      deliveryId ? `No delivery ${deliveryId}` : 'No such delivery',
      'not_found',
      deliveryId ? { deliveryId } : {},
    );
  }
}

export class DeliveryAlreadyScheduled extends DomainError {
  constructor(deliveryId: string) {
    super('DELIVERY.ALREADY_SCHEDULED', `Delivery ${deliveryId} is already scheduled`, 'conflict', {
      deliveryId,
    });
  }
}

export class DeliveryWindowInvalid extends DomainError {
  constructor(reason: string) {
    super('DELIVERY.INVALID_WINDOW', reason, 'unprocessable');
  }
}

export class GrantNotFound extends DomainError {
  constructor(grantId: string) {
    super('GRANT.NOT_FOUND', `No grant ${grantId} on this delivery`, 'not_found', { grantId });
  }
}

export class GrantIdTaken extends DomainError {
  constructor(grantId: string) {
    super('GRANT.ID_TAKEN', `Grant ${grantId} already exists with other terms`, 'conflict', {
      grantId,
    });
  }
}

export class CommandIdTaken extends DomainError {
  constructor(commandId: string) {
    super('COMMAND.ID_TAKEN', `Command ${commandId} was already requested`, 'conflict', {
      commandId,
    });
  }
}

export class PackageIdTaken extends DomainError {
  constructor(packageId: string) {
    super('PACKAGE.ID_TAKEN', `Package ${packageId} was already placed`, 'conflict', { packageId });
  }
}

/** An admin lifts someone else's block only with a reason, which the lift records. */
export class LiftReasonRequired extends CodedError {
  constructor() {
    super(
      'DELIVERY.LIFT_REASON_REQUIRED',
      400,
      'An admin lifting a block of in-car delivery must give the reason (it is recorded with the lift)',
      { fields: [{ field: 'reason', problems: ['required for an admin'] }] },
    );
  }
}

/** Only the customer, the delivery service and admins block or lift blocks of in-car delivery. */
export class NotABlocker extends DomainError {
  constructor(role: string) {
    super(
      'ACCESS.FORBIDDEN',
      `The ${role} role does not block or lift blocks of in-car delivery`,
      'forbidden',
    );
  }
}
