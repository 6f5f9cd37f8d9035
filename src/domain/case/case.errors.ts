import { DomainError } from '../shared/domain-error.js';

export class CaseNotFound extends DomainError {
  constructor(caseId: string) {
    super('CASE.NOT_FOUND', `No case ${caseId}`, 'not_found', { caseId });
  }
}

export class CaseIdTaken extends DomainError {
  constructor(caseId: string) {
    super('CASE.ID_TAKEN', `Case ${caseId} was opened already, with other terms`, 'conflict', {
      caseId,
    });
  }
}

export class CaseNotYours extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.NOT_YOURS',
      `Case ${caseId} was opened by another investigator: open your own to see precise data`,
      'forbidden',
      { caseId },
    );
  }
}

export class CaseClosedAlready extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.CLOSED',
      `Case ${caseId} is closed: precise data is no longer reachable through it`,
      'forbidden',
      { caseId },
    );
  }
}

export class CaseDoesNotCover extends DomainError {
  constructor(caseId: string, deliveryId: string) {
    super(
      'CASE.DOES_NOT_COVER',
      `Case ${caseId} does not cover delivery ${deliveryId}`,
      'forbidden',
      { caseId, deliveryId },
    );
  }
}

export class CaseNotApproved extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.NOT_APPROVED',
      `Case ${caseId} is pending: a second person (another investigator or a supervisor) must approve it before precise data is reachable`,
      'forbidden',
      { caseId },
    );
  }
}

export class CaseExpired extends DomainError {
  constructor(caseId: string, expiresAt: string) {
    super(
      'CASE.EXPIRED',
      `Case ${caseId} expired at ${expiresAt}: precise data is no longer reachable through it; open a new case`,
      'forbidden',
      { caseId, expiresAt },
    );
  }
}

export class CaseSelfApproval extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.SELF_APPROVAL',
      `Case ${caseId} was opened by you: a second person must approve it`,
      'forbidden',
      { caseId },
    );
  }
}

export class CaseNeedsCompliance extends DomainError {
  constructor(caseId: string, deliveries: number, maxDeliveries: number) {
    super(
      'CASE.NEEDS_COMPLIANCE',
      `Case ${caseId} covers ${deliveries} deliveries, more than ${maxDeliveries}: only compliance approves it`,
      'forbidden',
      { caseId, deliveries, maxDeliveries },
    );
  }
}

/** An approval of a case that has ended: closed or expired (a conflict with the case's state). */
export class CaseEnded extends DomainError {
  constructor(caseId: string, how: 'closed' | 'expired', at: string | null) {
    super(
      how === 'closed' ? 'CASE.CLOSED' : 'CASE.EXPIRED',
      `Case ${caseId} is ${how}: it can no longer be approved; open a new case`,
      'conflict',
      { caseId, ...(at !== null ? { expiresAt: at } : {}) },
    );
  }
}

export class NotAnApprover extends DomainError {
  constructor(caseId: string, role: string) {
    super(
      'CASE.NOT_AN_APPROVER',
      `A ${role} does not approve cases: another investigator, a supervisor or compliance does`,
      'forbidden',
      { caseId, role },
    );
  }
}
