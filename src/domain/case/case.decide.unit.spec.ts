import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../test/support/decider-specification.js';
import type { Actor } from '../shared/actor.js';
import type { Instant } from '../shared/instant.js';
import { DEFAULT_CASE_POLICY } from './case-policy.js';
import {
  type CaseCommand,
  type CaseState,
  caseStatusAt,
  checkCaseCovers,
  decideCase,
  evolveCase,
  initialCaseState,
} from './case.decider.js';
import type { CaseApproved, CaseEvent, CaseOpened } from './case.events.js';
import { DomainError } from '../shared/domain-error.js';

const spec = deciderSpecification<CaseCommand, CaseEvent, CaseState>({
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
});

const policy = DEFAULT_CASE_POLICY;
const opener: Actor = { id: 'inv-1', role: 'investigator' };
const colleague: Actor = { id: 'inv-2', role: 'investigator' };
const supervisor: Actor = { id: 'sup-1', role: 'supervisor' };
const compliance: Actor = { id: 'comp-1', role: 'compliance' };
const OPENED_AT = '2026-11-25T12:00:00.000Z';
const DAY = 86_400_000;
const later = (days: number): Instant => new Date(Date.parse(OPENED_AT) + days * DAY).toISOString();

const opened = (deliveryIds = ['d-1']): CaseOpened => ({
  type: 'CaseOpened',
  data: {
    caseId: 'case-1',
    investigatorId: opener.id,
    deliveryIds,
    customerIds: ['cust-1'],
    reason: 'missing package',
    openedAt: OPENED_AT,
    expiresAt: later(30),
  },
});
const approved = (by: Actor, days: number): CaseApproved => ({
  type: 'CaseApproved',
  data: {
    caseId: 'case-1',
    approvedBy: by.id,
    role: by.role,
    reason: 'ticket confirmed',
    approvedAt: later(days),
    expiresAt: later(days + 30),
  },
});
const approve = (by: Actor, days = 1): CaseCommand => ({
  type: 'ApproveCase',
  data: { caseId: 'case-1', reason: 'ticket confirmed', policy },
  metadata: { now: later(days), actor: by },
});
const stateOf = (events: CaseEvent[]) => events.reduce(evolveCase, initialCaseState());
const codeOf = (act: () => unknown): string | null => {
  try {
    act();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a domain error';
  }
};

describe('case decider: four eyes', () => {
  it('opens a case pending, its term ending KEYTRAIL_CASE_TTL_DAYS after the opening', () => {
    const [event] = spec([])
      .when({
        type: 'OpenCase',
        data: {
          caseId: 'case-1',
          deliveryIds: ['d-1'],
          customerIds: ['cust-1'],
          reason: 'missing package',
          policy,
        },
        metadata: { now: OPENED_AT, actor: opener },
      })
      .events();
    expect(event).toEqual(opened());
    expect(caseStatusAt(stateOf([event!]), OPENED_AT)).toBe('pending');
  });

  it('is approved by another investigator, with a reason, for a new term from the approval', () => {
    spec([opened()])
      .when(approve(colleague))
      .then([approved(colleague, 1)]);
  });

  it('is approved by a supervisor', () => {
    spec([opened()])
      .when(approve(supervisor))
      .then([approved(supervisor, 1)]);
  });

  it('refuses the opener approving their own case', () => {
    spec([opened()]).when(approve(opener)).thenThrows(DomainError, 'CASE.SELF_APPROVAL');
  });

  it('refuses an approval of a closed case (409)', () => {
    const closed: CaseEvent = {
      type: 'CaseClosed',
      data: { caseId: 'case-1', closedBy: opener.id, resolution: 'done' },
    };
    spec([opened(), closed]).when(approve(colleague)).thenThrows(DomainError, 'CASE.CLOSED');
    expect(codeOf(() => decideCase(approve(colleague), stateOf([opened(), closed])))).toBe(
      'CASE.CLOSED',
    );
  });

  it('refuses an approval once the case expired, pending or approved', () => {
    spec([opened()]).when(approve(colleague, 30)).thenThrows(DomainError, 'CASE.EXPIRED');
    spec([opened(), approved(colleague, 1)])
      .when(approve(supervisor, 31))
      .thenThrows(DomainError, 'CASE.EXPIRED');
  });

  it('extends a live approved case when approved again', () => {
    const state = stateOf([opened(), approved(colleague, 1), approved(supervisor, 20)]);
    expect(caseStatusAt(state, later(40))).toBe('approved');
    expect(caseStatusAt(state, later(50))).toBe('expired');
  });

  it('leaves a case over the maximum of deliveries to compliance', () => {
    const many = Array.from({ length: policy.maxDeliveries + 1 }, (_, i) => `d-${i}`);
    spec([opened(many)])
      .when(approve(supervisor))
      .thenThrows(DomainError, 'CASE.NEEDS_COMPLIANCE');
    expect(
      spec([opened(many)])
        .when(approve(compliance))
        .events(),
    ).toHaveLength(1);
  });

  it('reveals nothing pending, then until the term ends, then nothing', () => {
    const check = (events: CaseEvent[], days: number) =>
      codeOf(() => checkCaseCovers(stateOf(events), 'case-1', 'd-1', opener, later(days)));
    expect(check([opened()], 1)).toBe('CASE.NOT_APPROVED');
    expect(check([opened(), approved(colleague, 1)], 2)).toBeNull();
    expect(check([opened(), approved(colleague, 1)], 31)).toBe('CASE.EXPIRED');
    expect(
      codeOf(() =>
        checkCaseCovers(
          stateOf([opened(), approved(colleague, 1)]),
          'case-1',
          'd-1',
          colleague,
          later(2),
        ),
      ),
    ).toBe('CASE.NOT_YOURS');
  });

  it('exports no evidence of a pending case', () => {
    spec([opened()])
      .when({
        type: 'RecordEvidenceExport',
        data: { caseId: 'case-1', format: 'json', sha256: 'ab'.repeat(32) },
        metadata: { now: later(1), actor: opener },
      })
      .thenThrows(DomainError, 'CASE.NOT_APPROVED');
  });
});
