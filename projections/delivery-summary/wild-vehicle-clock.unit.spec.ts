import { describe, expect, it } from '@jest/globals';

import type { DeliveryEvent } from '../../src/domain/delivery/delivery.events.js';
import {
  accessGranted,
  deliveryScheduled,
  lockRequested,
  statusRead,
  unlockCommandResult,
  unlockRequested,
} from '../../test/support/delivery-fixtures.js';
import { ledgerEvents } from '../../test/support/ledger-events.js';
import { deliverySummary } from './delivery-summary.js';
import { buildTimeline } from '../../src/story/delivery-timeline/timeline-entry.js';

const YEAR_275760 = new Date(8.64e15).toISOString();

const unlocked = unlockCommandResult();
const stampedAt = (statusTimestamp: string): DeliveryEvent[] => [
  {
    type: 'VehicleStatusReported',
    data: {
      ...statusRead('14:05:00'),
      statusTimestamp,
      lockVerdict: 'confirmed',
      judgement: null,
    },
  },
  {
    type: 'LockConfirmed',
    data: {
      commandId: 'cmd-lock-1',
      vendor: 'volvo',
      statusTimestamp,
      evidence: 'status_observed',
    },
  },
];

describe('timeline lines and summaries of a car whose clock runs wild', () => {
  const told = (statusTimestamp: string) =>
    buildTimeline(
      ledgerEvents(
        deliveryScheduled(),
        accessGranted(),
        [unlockRequested(), '14:00:00'],
        [unlocked, '14:00:04'],
        [lockRequested(), '14:05:00'],
        ...stampedAt(statusTimestamp),
      ),
    );

  it('tells a lock confirmed by a status read stamped 2099 in plain words, and releases the courier', () => {
    const { entries, story } = told('2099-01-01T00:00:00Z');
    expect(entries.at(-1)!.line).toMatch(
      /^Lock confirmed by Volvo at 00:00:00, .* after the lock request; the car stood unlocked \d+ h \d+ min; the courier may leave$/,
    );
    const summary = deliverySummary(story)!;
    expect(summary.released).toBe(true);
    expect(summary.unlockedSeconds).toBeGreaterThan(2 ** 31);
    expect(Number.isSafeInteger(summary.unlockedSeconds)).toBe(true);
  });

  it('tells a read stamped in year +275760 without throwing', () => {
    const { entries, story } = told(YEAR_275760);
    expect(entries.at(-1)!.line).toContain('Lock confirmed by Volvo at 00:00:00');
    expect(Number.isSafeInteger(deliverySummary(story)!.unlockedSeconds)).toBe(true);
  });
});
