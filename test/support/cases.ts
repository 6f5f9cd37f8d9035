import { expect } from '@jest/globals';
import type { Response } from 'supertest';

import type { components } from '../../web/shared/api-schema.js';
import type { TestApp } from './test-app.js';

/** What opening a case sends (the API's OpenCaseRequestDto, generated from its document). */
export type CaseTerms = Readonly<components['schemas']['OpenCaseRequestDto']>;

/** The second person of the four eyes: a supervisor, unless a test names another. */
export const SUPERVISOR = { role: 'supervisor', id: 'sup-1' } as const;

/** Approves a case as a second person (asserting it was approved) and answers the approval. */
export async function approveCase(
  t: TestApp,
  caseId: string,
  approver: { role: 'investigator' | 'supervisor' | 'compliance'; id: string } = SUPERVISOR,
  reason = 'second pair of eyes: the case is justified',
): Promise<Response> {
  const approved = await t.http
    .post(`/v1/cases/${caseId}/approve`)
    .set('authorization', `Bearer ${await t.token(approver.role, approver.id)}`)
    .send({ reason } satisfies components['schemas']['ApproveCaseRequestDto']);
  expect({ caseId, status: approved.status, body: approved.body as unknown }).toMatchObject({
    status: 200,
    body: { case: { status: 'approved' } },
  });
  return approved;
}

/**
 * Opens a case as `investigatorId` and has a second person approve it, as every reveal now needs;
 * answers the opening (201), so a suite checks it as it did before approvals.
 */
export async function openApprovedCase(
  t: TestApp,
  terms: CaseTerms,
  investigatorId = 'inv-1',
  approver?: { role: 'investigator' | 'supervisor' | 'compliance'; id: string },
): Promise<Response> {
  const opened = await t.http
    .post('/v1/cases')
    .set('authorization', `Bearer ${await t.token('investigator', investigatorId)}`)
    .send(terms);
  expect({
    caseId: terms.caseId,
    status: opened.status,
    body: opened.body as unknown,
  }).toMatchObject({ status: 201 });
  await approveCase(t, terms.caseId, approver);
  return opened;
}
