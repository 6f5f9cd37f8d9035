import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../test/support/decider-specification.js';
import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/domain-error.js';
import {
  decideSubject,
  evolveSubject,
  initialSubjectState,
  type SubjectCommand,
  type SubjectState,
} from './subject.decider.js';
import type { SubjectEvent } from './subject.events.js';

const spec = deciderSpecification<SubjectCommand, SubjectEvent, SubjectState>({
  decide: decideSubject,
  evolve: evolveSubject,
  initialState: initialSubjectState,
});
const compliance: Actor = { id: 'comp-1', role: 'compliance' };
const customer: Actor = { id: 'cust-1', role: 'customer' };

const caseHold = (until: string): SubjectEvent => ({
  type: 'LegalHoldPlaced',
  data: { customerId: 'cust-1', caseId: 'case-1', placedBy: 'inv-1', until, reason: null },
});
const explicitHold = (until: string): SubjectEvent => ({
  type: 'LegalHoldPlaced',
  data: { customerId: 'cust-1', caseId: null, placedBy: 'comp-1', until, reason: 'litigation' },
});
const erase = (now: string): SubjectCommand => ({
  type: 'EraseSubject',
  data: { customerId: 'cust-1', reason: 'request' },
  metadata: { now, actor: customer },
});

describe('subject decider: holds that end', () => {
  it("refuses erasure while a case's hold runs, and erases once its term ended", () => {
    spec([caseHold('2026-12-25T12:00:00.000Z')])
      .when(erase('2026-12-25T11:59:59.000Z'))
      .thenThrows(DomainError, 'SUBJECT.LEGAL_HOLD');
    spec([caseHold('2026-12-25T12:00:00.000Z')])
      .when(erase('2026-12-25T12:00:00.000Z'))
      .then([
        {
          type: 'SubjectErased',
          data: { customerId: 'cust-1', reason: 'request', requestedBy: 'cust-1' },
        },
      ]);
  });

  it("takes a case's hold placed again as its new term", () => {
    spec([caseHold('2026-12-01T00:00:00.000Z'), caseHold('2027-01-01T00:00:00.000Z')])
      .when(erase('2026-12-15T00:00:00.000Z'))
      .thenThrows(DomainError, 'SUBJECT.LEGAL_HOLD');
  });

  it("keeps compliance's explicit hold until its end, after the case's ended", () => {
    const given = [caseHold('2026-12-01T00:00:00.000Z'), explicitHold('2027-06-30T00:00:00.000Z')];
    spec(given)
      .when(erase('2027-01-01T00:00:00.000Z'))
      .thenThrows(DomainError, 'SUBJECT.LEGAL_HOLD');
    spec(given).when(erase('2027-06-30T00:00:01.000Z')).events();
  });

  it('places an explicit hold once, and refuses one that ends before now', () => {
    const place = (until: string): SubjectCommand => ({
      type: 'PlaceLegalHold',
      data: { customerId: 'cust-1', caseId: null, until, reason: 'litigation' },
      metadata: { now: '2026-11-25T12:00:00.000Z', actor: compliance },
    });
    spec([])
      .when(place('2027-06-30T00:00:00.000Z'))
      .then([explicitHold('2027-06-30T00:00:00.000Z')]);
    spec([explicitHold('2027-06-30T00:00:00.000Z')])
      .when(place('2027-06-30T00:00:00.000Z'))
      .thenNothingHappens();
    spec([])
      .when(place('2026-11-25T12:00:00.000Z'))
      .thenThrows(DomainError, 'SUBJECT.HOLD_END_PASSED');
  });
});
