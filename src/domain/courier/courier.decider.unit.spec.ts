import { describe, expect, it } from '@jest/globals';

import { modelMetadata } from '../../../test/support/decider-model.js';
import {
  decideCourierSubject,
  evolveCourierSubject,
  initialCourierSubjectState,
} from './courier.decider.js';

const metadata = modelMetadata({ id: 'comp-1', role: 'compliance' });

describe("a courier's erasure", () => {
  it('records who asked and why, and the revision it happened at', () => {
    const decided = decideCourierSubject(
      { type: 'EraseCourier', data: { courierId: 'c-1', reason: 'request' }, metadata },
      initialCourierSubjectState(),
    );
    expect(decided).toEqual([
      {
        type: 'CourierErased',
        data: { courierId: 'c-1', reason: 'request', requestedBy: 'comp-1' },
      },
    ]);
    expect(evolveCourierSubject(initialCourierSubjectState(), decided[0]!, 3)).toEqual({
      erasedAt: 3,
    });
  });
});
