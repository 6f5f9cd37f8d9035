import { describe, expect, it } from '@jest/globals';

import { COMMAND_OUTCOMES } from './delivery.vocabulary.js';
import { vendorOutcome } from './vendor-outcome.js';

const now = '2026-11-25T14:00:00.000Z';
const context = { now, vendorRequestTime: null };

describe('mapping carmaker statuses to outcomes', () => {
  it.each([
    ['COMPLETED', 'succeeded'],
    ['DELIVERED', 'accepted'],
    ['WAITING', 'pending'],
    ['REJECTED', 'failed'],
    ['UNABLE_TO_LOCK_DOOR_OPEN', 'failed'],
    ['UNLOCK_TIME_FRAME_PASSED', 'failed'],
    ['UNKNOWN', 'ambiguous'],
    ['VEHICLE_IN_SLEEP', 'ambiguous'],
    ['CAR_TIMEOUT', 'ambiguous'],
    ['A_STATUS_VOLVO_ADDS_LATER', 'ambiguous'],
  ])('maps Volvo %s to %s', (status, outcome) => {
    expect(vendorOutcome('volvo', status, context)).toBe(outcome);
  });

  it.each([
    ['success', 'succeeded'],
    ['failure', 'failed'],
    ['inProgress', 'pending'],
    ['SUCCESS', 'ambiguous'],
  ])('maps GM %s to %s', (status, outcome) => {
    expect(vendorOutcome('gm', status, context)).toBe(outcome);
  });

  it('counts a GM command still in progress after 90 s as ambiguous', () => {
    expect(
      vendorOutcome('gm', 'inProgress', { now, vendorRequestTime: '2026-11-25T13:58:30.000Z' }),
    ).toBe('pending');
    expect(
      vendorOutcome('gm', 'inProgress', { now, vendorRequestTime: '2026-11-25T13:58:29.000Z' }),
    ).toBe('ambiguous');
  });

  it.each([
    ['true', 'succeeded'],
    ['false', 'failed'],
    ['vehicle unavailable: vehicle is offline or asleep', 'failed'],
    ['Tesla Vehicle Command Protocol required', 'failed'],
    ['vehicle rejected request: your public key has not been paired with the vehicle', 'failed'],
    ['timeout', 'ambiguous'],
    ['internal server error', 'ambiguous'],
  ])('maps Tesla %s to %s', (status, outcome) => {
    expect(vendorOutcome('tesla', status, context)).toBe(outcome);
  });

  it('only ever answers one of the five outcomes', () => {
    for (const vendor of ['volvo', 'gm', 'tesla'] as const) {
      expect(COMMAND_OUTCOMES).toContain(vendorOutcome(vendor, '', context));
    }
  });
});
