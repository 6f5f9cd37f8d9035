import { describe, expect, it } from '@jest/globals';

import { at, closure, statusRead } from '../../../test/support/delivery-fixtures.js';
import { ledgerEvents } from '../../../test/support/ledger-events.js';
import { initialStory } from './delivery-story.js';
import { inPlacedOrder, placedAt } from './placement.js';

const entry = (globalPosition: number, time: string) => ({
  globalPosition,
  at: at(time),
  recordedAt: at('15:00:00'),
});

describe('placing facts by when they happened', () => {
  it('orders entries by their time, ties in ledger order, and marks what arrived out of order', () => {
    const placed = inPlacedOrder([
      entry(0, '14:00:00'),
      entry(1, '14:05:00'),
      entry(2, '14:05:00'),
      entry(3, '14:02:00'),
      entry(4, '14:06:00'),
    ]);
    expect(placed.map((e) => [e.globalPosition, e.late])).toEqual([
      [0, false],
      [3, true],
      [1, false],
      [2, false],
      [4, false],
    ]);
  });

  it('places a fact stamped ahead of the ledger’s clock at its recording', () => {
    const [event] = ledgerEvents([
      {
        type: 'ClosureOpened',
        data: {
          closure: 'trunk',
          vehicleTimestamp: '2099-01-01T00:00:00.000Z',
          timeVerdict: 'timestamp_in_future',
        },
      },
      '14:00:00',
    ]);
    expect(placedAt(event!, initialStory())).toBe(at('14:00:00'));
  });

  it('moves the car’s stamps by the clock offset its read was judged with; the courier’s app stays as stamped', () => {
    const [read, courierClosure] = ledgerEvents(
      [
        {
          type: 'VehicleStatusReported',
          data: {
            ...statusRead('14:05:30'),
            lockVerdict: 'no_lock_request',
            judgement: {
              anchor: null,
              clockOffsetS: 12,
              toleranceS: 5,
              field: null,
              fieldAt: null,
              clockSampleS: -12,
            },
          },
        },
        '14:05:20',
      ],
      [closure('opened', '14:06:00'), '14:06:00'],
    );
    expect(placedAt(read!, initialStory())).toBe(at('14:05:18'));
    // A car whose clock the estimate says is behind: moved later, but never past its recording.
    const behind = {
      ...read!,
      data: {
        ...read!.data,
        judgement: { ...(read!.data as { judgement: object }).judgement, clockOffsetS: -30 },
      },
    } as typeof read;
    expect(placedAt(behind!, initialStory())).toBe(at('14:05:20'));
    expect(placedAt(courierClosure!, { ...initialStory(), vehicleClockOffsetS: 12 })).toBe(
      at('14:06:00'),
    );
  });
});
