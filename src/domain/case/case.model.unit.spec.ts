import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import { checkDeciderModel, MODEL_RUNS } from '../../../test/support/decider-model.js';
import type { Actor } from '../shared/actor.js';
import { DEFAULT_CASE_POLICY } from './case-policy.js';
import { type CaseCommand, decideCase, evolveCase, initialCaseState } from './case.decider.js';
import type { CaseEvent } from './case.events.js';

const caseId = 'case-1';
const actors: Actor[] = [
  { id: 'inv-1', role: 'investigator' },
  { id: 'inv-2', role: 'investigator' },
  { id: 'adm-1', role: 'admin' },
  { id: 'sup-1', role: 'supervisor' },
];
const policy = DEFAULT_CASE_POLICY;
const metadataOf = (actor: Actor) => ({ now: '2026-11-25T12:00:00.000Z', actor });

const commands: fc.Arbitrary<CaseCommand> = fc
  .record({
    actor: fc.constantFrom(...actors),
    kind: fc.constantFrom('open', 'approve', 'close', 'export'),
    reason: fc.constantFrom('dispute', 'audit'),
  })
  .map(({ actor, kind, reason }): CaseCommand => {
    const metadata = metadataOf(actor);
    if (kind === 'open')
      return {
        type: 'OpenCase',
        data: { caseId, deliveryIds: ['d-1'], customerIds: ['cust-1'], reason, policy },
        metadata,
      };
    if (kind === 'approve')
      return { type: 'ApproveCase', data: { caseId, reason, policy }, metadata };
    if (kind === 'close')
      return { type: 'CloseCase', data: { caseId, resolution: 'resolved' }, metadata };
    return {
      type: 'RecordEvidenceExport',
      data: { caseId, format: 'pdf', sha256: 'ab'.repeat(32) },
      metadata,
    };
  });

describe('cases under random sequences (model-based)', () => {
  it(`open once, approved by a second person, close once, and answer only to their investigator, over ${MODEL_RUNS} random sequences`, () => {
    let refusedNotYours = 0;
    const { stored } = checkDeciderModel(
      { initial: initialCaseState, decide: decideCase, evolve: evolveCase },
      commands,
      ({ command, before, decided, refused }) => {
        const opened = before.find((e) => e.type === 'CaseOpened');
        const closed = before.some((e) => e.type === 'CaseClosed');
        const approved = before.some((e) => e.type === 'CaseApproved');
        const actor = command.metadata.actor;
        const mayWork =
          opened !== undefined &&
          (actor.role === 'admin' || opened.data.investigatorId === actor.id);
        const types = decided.map((e: CaseEvent) => e.type);
        switch (command.type) {
          case 'OpenCase':
            // A case is opened once: a retry with the same terms stores nothing, other terms are refused.
            if (opened) expect(types).toEqual([]);
            if (opened && refused === null) {
              expect(closed).toBe(false);
              const { policy: _, ...terms } = command.data;
              expect(opened.data).toMatchObject({ ...terms, investigatorId: actor.id });
            }
            if (!opened) expect(types).toEqual(['CaseOpened']);
            break;
          case 'CloseCase':
            expect(types).toEqual(opened && !closed && mayWork ? ['CaseClosed'] : []);
            if (!opened) expect(refused).toBe('CASE.NOT_FOUND');
            else if (!closed && !mayWork) expect(refused).toBe('CASE.NOT_YOURS');
            break;
          case 'ApproveCase': {
            // Four eyes: never the opener, never an admin, never a closed case.
            const approver = opened !== undefined && opened.data.investigatorId !== actor.id;
            const mayApprove = approver && !closed && actor.role !== 'admin';
            expect(types).toEqual(mayApprove ? ['CaseApproved'] : []);
            if (opened && !approver) expect(refused).toBe('CASE.SELF_APPROVAL');
            else if (approver && closed) expect(refused).toBe('CASE.CLOSED');
            break;
          }
          case 'RecordEvidenceExport':
            // Nothing is exported under a case nobody else approved, unless it is closed.
            expect(types).toEqual(
              opened && mayWork && (approved || closed) ? ['EvidenceExported'] : [],
            );
            if (opened && !mayWork) expect(refused).toBe('CASE.NOT_YOURS');
            else if (opened && !approved && !closed) expect(refused).toBe('CASE.NOT_APPROVED');
            break;
        }
        if (refused === 'CASE.NOT_YOURS') refusedNotYours += 1;
        // Whoever closed or exported was the opener or an admin.
        for (const event of decided) {
          if (event.type === 'CaseClosed')
            expect(mayWork && event.data.closedBy === actor.id).toBe(true);
          if (event.type === 'EvidenceExported')
            expect(mayWork && event.data.exportedBy === actor.id).toBe(true);
          if (event.type === 'CaseApproved')
            expect(event.data.approvedBy).not.toBe(opened?.data.investigatorId);
        }
      },
    );
    console.log(
      `model: case, ${MODEL_RUNS} sequences, ${stored} steps stored events, ${refusedNotYours} refused as not theirs`,
    );
    expect(stored).toBeGreaterThan(MODEL_RUNS * 2);
    expect(refusedNotYours).toBeGreaterThan(MODEL_RUNS / 2);
  });
});
