import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import {
  checkDeciderModel,
  MODEL_RUNS,
  modelMetadata,
} from '../../../test/support/decider-model.js';
import {
  decideSubject,
  evolveSubject,
  initialSubjectState,
  type SubjectCommand,
} from './subject.decider.js';
import type { SubjectEvent } from './subject.events.js';

const metadata = modelMetadata({ id: 'comp-1', role: 'compliance' });
const customerId = 'cust-1';
/** The model's holds all end long after its moment: they all bind (ends are tested in the decider's spec). */
const FAR = '2099-01-01T00:00:00.000Z';

const commands: fc.Arbitrary<SubjectCommand> = fc.oneof(
  fc.constantFrom('case-1', 'case-2').map((caseId): SubjectCommand => ({
    type: 'PlaceLegalHold',
    data: { customerId, caseId, until: FAR, reason: null },
    metadata,
  })),
  fc.constantFrom('case-1', 'case-2', 'case-3').map((caseId): SubjectCommand => ({
    type: 'ReleaseLegalHold',
    data: { customerId, caseId },
    metadata,
  })),
  fc.constant<SubjectCommand>({
    type: 'EraseSubject',
    data: { customerId, reason: 'request' },
    metadata,
  }),
  fc.constant<SubjectCommand>({
    type: 'ShredForRetention',
    data: { customerId, deliveryIds: ['d-1'], retentionDays: 365 },
    metadata,
  }),
);

/** The cases holding the customer's data, told from the events alone. */
const holdsIn = (events: readonly SubjectEvent[]): Set<string> => {
  const holds = new Set<string>();
  for (const event of events) {
    if (event.type === 'LegalHoldPlaced' && event.data.caseId !== null)
      holds.add(event.data.caseId);
    if (event.type === 'LegalHoldReleased') holds.delete(event.data.caseId);
  }
  return holds;
};

describe('legal holds and erasure under random sequences (model-based)', () => {
  it(`never erase or shred held data, over ${MODEL_RUNS} random sequences`, () => {
    let erasures = 0;
    let refusedForHold = 0;
    const { stored } = checkDeciderModel(
      { initial: initialSubjectState, decide: decideSubject, evolve: evolveSubject },
      commands,
      ({ command, before, decided, refused }) => {
        const holds = holdsIn(before);
        switch (command.type) {
          case 'EraseSubject':
          case 'ShredForRetention':
            // Refused exactly when a hold is in place; otherwise erased, whatever came before.
            expect(refused).toBe(holds.size > 0 ? 'SUBJECT.LEGAL_HOLD' : null);
            expect(decided).toHaveLength(holds.size > 0 ? 0 : 1);
            if (holds.size > 0) refusedForHold += 1;
            else erasures += 1;
            break;
          case 'PlaceLegalHold':
            // One hold per case: placing it again stores nothing.
            expect(decided).toHaveLength(holds.has(command.data.caseId ?? '') ? 0 : 1);
            break;
          case 'ReleaseLegalHold':
            // Only a case that holds can release.
            expect(decided).toHaveLength(holds.has(command.data.caseId) ? 1 : 0);
            break;
        }
      },
    );
    console.log(
      `model: subject, ${MODEL_RUNS} sequences, ${stored} steps stored events, ${erasures} erasures, ${refusedForHold} refused for a hold`,
    );
    expect(stored).toBeGreaterThan(MODEL_RUNS * 3);
    expect(erasures).toBeGreaterThan(MODEL_RUNS / 2);
    expect(refusedForHold).toBeGreaterThan(MODEL_RUNS / 2);
  });
});
