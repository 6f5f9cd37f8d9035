import { describe, expect, it } from '@jest/globals';

import type { DeliveryEvent } from '../../../domain/delivery/delivery.events.js';
import {
  accessGranted,
  at,
  closure,
  deliveryScheduled,
  lockConfirmed,
  lockRequested,
  statusRead,
  unlockCommandResult,
  unlockRequested,
} from '../../../../test/support/delivery-fixtures.js';
import { type Envelope, ledgerEvents } from '../../../../test/support/ledger-events.js';
import { initialStory } from '../../delivery-story/delivery-story.js';
import { buildTimeline } from '../../delivery-timeline/timeline-entry.js';
import { nextStep } from '../detect-anomalies.js';

type Step = DeliveryEvent | readonly [DeliveryEvent, string, Envelope?];

/** Every anomaly code the events raise, in order. */
function raised(...steps: Step[]): string[] {
  let story = initialStory();
  return ledgerEvents(...steps).flatMap((event) => {
    const step = nextStep(story, event);
    story = step.after;
    return step.findings.map((f) => f.code);
  });
}

const unlockResult = unlockCommandResult();
const read = (
  time: string,
  centralLock: 'LOCKED' | 'UNLOCKED',
  trunk: 'open' | 'closed',
  owner: boolean,
): DeliveryEvent => ({
  type: 'VehicleStatusReported',
  data: {
    ...statusRead(time, {
      centralLock,
      closures: { ...statusRead(time).closures, trunk },
    }),
    lockVerdict: 'already_confirmed',
    judgement: null,
    ...(owner ? { attributedTo: 'owner' as const } : {}),
  },
});
const owners = (event: DeliveryEvent): DeliveryEvent =>
  ({
    ...event,
    data: { ...event.data, attributedTo: 'owner' },
  }) as DeliveryEvent;

/** Granted, unlocked 14:00, trunk opened and closed, lock confirmed 14:05:30, completed 14:06. */
const completed: Step[] = [
  [deliveryScheduled(), '12:00:00'],
  [accessGranted(), '13:10:00'],
  [unlockRequested(), '14:00:00'],
  [unlockResult, '14:00:04'],
  [closure('opened', '14:02:00'), '14:02:00'],
  [closure('closed', '14:04:00'), '14:04:00'],
  [lockRequested(at('14:05:00')), '14:05:00'],
  [lockConfirmed('14:05:30'), '14:05:31'],
  [
    {
      type: 'DeliveryCompleted',
      data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
    },
    '14:06:00',
  ],
];

describe('the owner’s own use blames no courier', () => {
  it('raises nothing for the owner unlocking and opening the car after the confirmed lock (a Volvo read)', () => {
    expect(
      raised(
        ...completed,
        [read('16:00:00', 'UNLOCKED', 'open', true), '16:00:05'],
        [owners(closure('opened', '16:00:00')), '16:00:05'],
        [owners(closure('closed', '16:02:00')), '16:02:05'],
      ),
    ).toEqual([]);
  });

  it('judges facts recorded before the decider marked them the same way: the owner’s, by the hand-back', () => {
    expect(
      raised(
        ...completed,
        [read('16:00:00', 'UNLOCKED', 'open', false), '16:00:05'],
        [closure('opened', '16:00:00'), '16:00:05'],
      ),
    ).toEqual([]);
  });

  it('says “opened by the owner”, never the courier, in the line', () => {
    const { entries } = buildTimeline(
      ledgerEvents(...completed, [owners(closure('opened', '16:00:00')), '16:00:05']),
    );
    expect(entries.at(-1)!.line).toBe('Trunk opened by the owner at 16:00:00');
    expect(entries.find((e) => e.type === 'ClosureOpened')!.line).toMatch(/by courier c-123/);
  });

  it('raises nothing for an opening outside any courier session (no grant live, no unlock pending)', () => {
    expect(
      raised(
        [deliveryScheduled(), '12:00:00'],
        [accessGranted(), '13:10:00'],
        [{ type: 'GrantExpired', data: { grantId: 'g-1', notAfter: at('15:00:00') } }, '15:00:01'],
        [closure('opened', '15:30:00'), '15:30:00'],
      ),
    ).toEqual([]);
  });

  it('still flags an opening between an unlock and its confirmed lock once the grant has ended', () => {
    expect(
      raised(
        ...completed.slice(0, 4),
        [{ type: 'GrantExpired', data: { grantId: 'g-1', notAfter: at('15:00:00') } }, '15:00:01'],
        [closure('opened', '15:10:00'), '15:10:00'],
      ),
    ).toEqual(['vehicle_open_while_no_grant']);
  });

  it('still flags the car reading itself unlocked while a grant is live and no unlock was allowed', () => {
    expect(
      raised(
        [deliveryScheduled(), '12:00:00'],
        [accessGranted(), '13:10:00'],
        [read('14:00:00', 'UNLOCKED', 'closed', false), '14:00:01'],
      ),
    ).toEqual(['unlock_without_grant']);
  });
});
