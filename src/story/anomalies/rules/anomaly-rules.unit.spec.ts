import { describe, expect, it } from '@jest/globals';

import type { DeliveryEvent } from '../../../domain/delivery/delivery.events.js';
import {
  accessGranted,
  at,
  carLeftUnlocked,
  closure,
  deliveryScheduled,
  FAR_FROM_CAR,
  lockConfirmed,
  lockRequested,
  NEAR_CAR,
  positionReported,
  statusRead,
  unlockRequested,
  unlockResult,
} from '../../../../test/support/delivery-fixtures.js';
import { type Envelope, ledgerEvents } from '../../../../test/support/ledger-events.js';
import { initialStory } from '../../delivery-story/delivery-story.js';
import type { AnomalyFinding } from '../anomaly.js';
import { nextStep } from '../detect-anomalies.js';

type Step = DeliveryEvent | readonly [DeliveryEvent, string, Envelope?];

/** given these events, when this one arrives, then the rules find … */
function given(...history: Step[]) {
  return {
    when(...steps: Step[]): AnomalyFinding[] {
      const events = ledgerEvents(...history, ...steps);
      let story = initialStory();
      let findings: readonly AnomalyFinding[] = [];
      for (const event of events) {
        const step = nextStep(story, event);
        story = step.after;
        findings = step.findings;
      }
      return [...findings];
    },
  };
}

const denied = (reason: string, commandId = 'cmd-unlock-1'): DeliveryEvent =>
  ({ type: 'UnlockDenied', data: { commandId, grantId: 'g-1', reason } }) as DeliveryEvent;
const reported = (time: string, verdict: string, overrides = {}): DeliveryEvent =>
  ({
    type: 'VehicleStatusReported',
    data: { ...statusRead(time, overrides), lockVerdict: verdict },
  }) as DeliveryEvent;
const placed = (capturedAt: string, geotag = NEAR_CAR): DeliveryEvent => ({
  type: 'PackagePlaced',
  data: {
    packageId: 'p-1',
    photo: { sha256: 'ab'.repeat(32), ref: 'photos/p-1.jpg', capturedAt: at(capturedAt), geotag },
    // A v1 event upcast: the geotag in clear, no distance measured by the decider.
    geotagBeyondGeofenceM: null,
  },
});

const granted: Step[] = [
  [deliveryScheduled(), '12:00:00'],
  [accessGranted(), '13:10:00'],
];
const unlocked: Step[] = [
  ...granted,
  [unlockRequested(), '14:00:00'],
  [unlockResult('succeeded'), '14:00:04'],
];

const codes = (findings: AnomalyFinding[]) => findings.map((f) => [f.code, f.severity]);

describe('anomaly rules, one by one', () => {
  describe('unlock_without_grant', () => {
    it('flags a car unlocked by a command the ledger denied, pointing at the request and the denial', () => {
      const found = given(...granted, [unlockRequested(), '15:30:00'], denied('expired')).when(
        unlockResult('succeeded'),
      );
      expect(found).toContainEqual(
        expect.objectContaining({
          code: 'unlock_without_grant',
          severity: 'critical',
          evidence: [2, 3, 4],
        }),
      );
    });

    it('flags a car that reports itself unlocked when no unlock was allowed', () => {
      expect(
        codes(
          given(...granted).when([
            reported('14:00:00', 'no_lock_request', { centralLock: 'UNLOCKED' }),
            '14:00:01',
          ]),
        ),
      ).toContainEqual(['unlock_without_grant', 'critical']);
    });

    it('does not flag an unlock the ledger allowed', () => {
      expect(
        codes(
          given(...granted, [unlockRequested(), '14:00:00']).when([
            unlockResult('succeeded'),
            '14:00:04',
          ]),
        ),
      ).toEqual([]);
    });
  });

  describe('unlock_outside_window', () => {
    it('flags a request refused for being outside the window', () => {
      expect(
        codes(given(...granted, [unlockRequested(), '15:10:00']).when(denied('expired'))),
      ).toEqual([['unlock_outside_window', 'medium']]);
      expect(
        codes(given(...granted, [unlockRequested(), '13:10:00']).when(denied('not_yet_valid'))),
      ).toEqual([['unlock_outside_window', 'medium']]);
    });

    it('flags a car that unlocked after the window closed', () => {
      expect(
        codes(
          given(...granted, [unlockRequested(), '14:59:50']).when([
            unlockResult('succeeded'),
            '15:01:00',
          ]),
        ),
      ).toEqual([['unlock_outside_window', 'high']]);
    });
  });

  describe('denied unlocks', () => {
    it.each([
      ['outside_geofence', 'unlock_outside_geofence', 'medium'],
      ['replayed_nonce', 'nonce_replayed', 'high'],
    ])('flags a denial for %s as %s', (reason, code, severity) => {
      expect(
        codes(given(...granted, [unlockRequested(), '14:00:00']).when(denied(reason))),
      ).toEqual([[code, severity]]);
    });

    it('does not flag a denial that is no anomaly of its own (a courier mismatch)', () => {
      expect(
        codes(given(...granted, [unlockRequested(), '14:00:00']).when(denied('courier_mismatch'))),
      ).toEqual([]);
    });
  });

  describe('grant_reused', () => {
    const second = unlockRequested('cmd-unlock-2', 'n-2', at('14:00:30'));

    it('flags a second unlock on a single-use grant the car’s unlock spent, pointing at both requests', () => {
      const findings = given(...unlocked, [second, '14:00:30']).when(
        denied('grant_used', 'cmd-unlock-2'),
      );
      expect(findings).toEqual([
        expect.objectContaining({ code: 'grant_reused', severity: 'medium', evidence: [2, 4, 5] }),
      ]);
    });

    it('judges a request refused while the first unlock was pending by that unlock’s outcome', () => {
      const refusedWhilePending: Step[] = [
        ...granted,
        [unlockRequested(), '14:00:00'],
        [second, '14:00:30'],
        denied('grant_used', 'cmd-unlock-2'),
      ];
      expect(
        codes(
          given(...granted, [unlockRequested(), '14:00:00'], [second, '14:00:30']).when(
            denied('grant_used', 'cmd-unlock-2'),
          ),
        ),
      ).toEqual([]);
      // The car did not run the first: the grant was free, nothing was reused.
      expect(codes(given(...refusedWhilePending).when(unlockResult('failed')))).toEqual([]);
      // The car ran it: the refused request was a second opening of the grant.
      expect(given(...refusedWhilePending).when(unlockResult('succeeded'))).toEqual([
        expect.objectContaining({ code: 'grant_reused', evidence: [2, 4, 5] }),
      ]);
    });

    it('judges a request refused while the first unlock was ambiguous once the car is known to have run it', () => {
      const refusedWhileAmbiguous: Step[] = [
        ...granted,
        [unlockRequested(), '14:00:00'],
        [unlockResult('ambiguous'), '14:00:04'],
        [second, '14:00:30'],
      ];
      expect(
        codes(given(...refusedWhileAmbiguous).when(denied('grant_used', 'cmd-unlock-2'))),
      ).toEqual([]);
      const denial = [...refusedWhileAmbiguous, denied('grant_used', 'cmd-unlock-2')];
      expect(given(...denial).when(unlockResult('succeeded'))).toEqual([
        expect.objectContaining({ code: 'grant_reused', evidence: [2, 5, 6] }),
      ]);
      expect(codes(given(...denial).when(unlockResult('failed')))).toEqual([]);
    });
  });

  describe('car_left_unlocked', () => {
    it('flags, critical, the watchdog’s finding, pointing at the unlock requests', () => {
      expect(given(...unlocked).when([carLeftUnlocked(), '14:05:01'])).toEqual([
        {
          code: 'car_left_unlocked',
          severity: 'critical',
          reason: `The car stood unlocked from ${at('14:00:00')} with no lock confirmed by ${at('14:05:00')}; a lock was requested (ledger-lock-1)`,
          evidence: [2, 4],
        },
      ]);
    });

    it('raises nothing for the unlock itself or the ledger’s lock request', () => {
      expect(
        codes(given(...granted, [unlockRequested(), '14:00:00']).when(unlockResult('succeeded'))),
      ).toEqual([]);
      expect(
        codes(given(...unlocked).when(lockRequested(at('14:05:01'), 'ledger-lock-1'))),
      ).toEqual([]);
    });
  });

  describe('lock_not_confirmed', () => {
    const closedAt1402 = [
      ...unlocked,
      [closure('opened', '14:01:00'), '14:01:00'],
      [closure('closed', '14:02:00'), '14:02:00'],
    ] as Step[];

    it('flags the watchdog’s overdue event', () => {
      const overdue: DeliveryEvent = {
        type: 'LockConfirmationOverdue',
        data: { lastClosedAt: at('14:02:00'), dueAt: at('14:04:00') },
      };
      expect(codes(given(...closedAt1402).when([overdue, '14:04:01']))).toEqual([
        ['lock_not_confirmed', 'high'],
      ]);
    });

    it('flags a confirmation that came more than 120 s after the closing, from event times alone', () => {
      expect(
        codes(
          given(...closedAt1402, [lockRequested(at('14:02:10')), '14:02:10']).when([
            lockConfirmed('14:04:30'),
            '14:04:31',
          ]),
        ),
      ).toEqual([['lock_not_confirmed', 'medium']]);
      expect(
        codes(
          given(...closedAt1402, [lockRequested(at('14:02:10')), '14:02:10']).when([
            lockConfirmed('14:03:30'),
            '14:03:31',
          ]),
        ),
      ).toEqual([]);
    });

    it('flags a delivery that failed after an unlock with no lock confirmation', () => {
      expect(
        codes(
          given(...closedAt1402).when([
            { type: 'DeliveryFailed', data: { reason: 'wrong car', fallback: 'returned' } },
            '14:10:00',
          ]),
        ),
      ).toEqual([['lock_not_confirmed', 'high']]);
    });
  });

  it('stale_lock_confirmation: flags a status read stamped before the lock command', () => {
    expect(
      codes(
        given(...unlocked, [lockRequested(at('14:05:00')), '14:05:00']).when([
          reported('14:04:50', 'status_before_lock_command'),
          '14:05:05',
        ]),
      ),
    ).toEqual([['stale_lock_confirmation', 'medium']]);
  });

  describe('vehicle_open_while_no_grant', () => {
    it('flags an opening with no unlock allowed', () => {
      expect(
        codes(given(...granted).when([closure('opened', '14:00:00'), '14:00:00'])),
      ).toContainEqual(['vehicle_open_while_no_grant', 'high']);
    });

    it('flags an opening after the lock was confirmed', () => {
      const locked = [
        ...unlocked,
        [lockRequested(at('14:05:00')), '14:05:00'],
        [lockConfirmed('14:05:20'), '14:05:20'],
      ] as Step[];
      expect(codes(given(...locked).when([closure('opened', '14:06:00'), '14:06:00']))).toEqual([
        ['vehicle_open_while_no_grant', 'high'],
      ]);
    });

    it('flags an opening once the grant has expired', () => {
      expect(codes(given(...unlocked).when([closure('opened', '15:00:30'), '15:00:30']))).toEqual([
        ['vehicle_open_while_no_grant', 'high'],
      ]);
    });

    it('does not flag the courier opening the trunk after an allowed unlock', () => {
      expect(codes(given(...unlocked).when([closure('opened', '14:00:40'), '14:00:40']))).toEqual(
        [],
      );
    });
  });

  it('ambiguous_vendor_result: flags an ambiguous unlock (high) and an ambiguous lock (medium)', () => {
    expect(
      codes(
        given(...granted, [unlockRequested(), '14:00:00']).when([
          unlockResult('ambiguous'),
          '14:00:04',
        ]),
      ),
    ).toEqual([['ambiguous_vendor_result', 'high']]);
    const lockAmbiguous = {
      type: 'LockCommandResult',
      data: {
        commandId: 'cmd-lock-1',
        vendor: 'volvo',
        vendorStatus: 'CAR_TIMEOUT',
        outcome: 'ambiguous',
        raw: {},
      },
    } as DeliveryEvent;
    expect(
      codes(
        given(...unlocked, [lockRequested(at('14:05:00')), '14:05:00']).when([
          lockAmbiguous,
          '14:05:10',
        ]),
      ),
    ).toEqual([['ambiguous_vendor_result', 'medium']]);
  });

  describe('photo_outside_session', () => {
    it('flags a photo taken before the unlock, after the drop, or away from the car', () => {
      expect(given(...unlocked).when([placed('13:50:00'), '14:01:00'])[0]).toMatchObject({
        code: 'photo_outside_session',
        reason: 'Photo taken before the unlock',
      });
      expect(given(...unlocked).when([placed('14:03:00'), '14:01:00'])[0]).toMatchObject({
        reason: 'Photo taken after the drop',
      });
      expect(given(...unlocked).when([placed('14:00:30', FAR_FROM_CAR), '14:01:00'])).toEqual([]);
      expect(
        given(...unlocked).when([placed('14:00:30', { lat: 59.34, lon: 18.0686 }), '14:01:00'])[0],
      ).toMatchObject({ reason: 'Photo taken away from the car' });
    });

    it('does not flag a photo taken at the car during the session', () => {
      expect(given(...unlocked).when([placed('14:00:30'), '14:01:00'])).toEqual([]);
    });

    it('reads the distance the decider measured when the geotag is sealed', () => {
      const sealed = { $enc: 'aes-256-gcm', key: 'delivery:d-1', iv: 'AAAA', ct: 'AAAA' };
      const measured = (beyond: number): DeliveryEvent => {
        const event = placed('14:00:30') as Extract<DeliveryEvent, { type: 'PackagePlaced' }>;
        return {
          type: 'PackagePlaced',
          data: {
            ...event.data,
            photo: { ...event.data.photo, geotag: sealed as never },
            geotagBeyondGeofenceM: beyond,
          },
        };
      };
      expect(given(...unlocked).when([measured(350), '14:01:00'])[0]).toMatchObject({
        reason: 'Photo taken away from the car',
      });
      expect(given(...unlocked).when([measured(80), '14:01:00'])).toEqual([]);
      expect(given(...unlocked).when([measured(-20), '14:01:00'])).toEqual([]);
    });
  });

  describe('clock_skew', () => {
    it('flags a source whose clock is more than 60 s off, not again for the same skew soon after', () => {
      const skewed = {
        occurredAt: at('14:00:00'),
        recordedAt: at('14:01:30'),
        source: 'oem:volvo',
      };
      expect(codes(given(...granted).when([unlockRequested(), '14:01:30', skewed]))).toEqual([
        ['clock_skew', 'low'],
      ]);
      expect(
        codes(
          given(...granted, [unlockRequested(), '14:01:30', skewed]).when([
            unlockResult('succeeded'),
            '14:02:30',
            { ...skewed, recordedAt: at('14:02:30') },
          ]),
        ),
      ).toEqual([]);
      expect(
        codes(
          given(...granted).when([
            unlockRequested(),
            '14:00:30',
            { occurredAt: at('14:00:00'), recordedAt: at('14:00:30') },
          ]),
        ),
      ).toEqual([]);
    });

    it('judges each event: a later, different skew of the same source is flagged again', () => {
      const first = { occurredAt: at('14:00:00'), recordedAt: at('14:01:30'), source: 'oem:volvo' };
      const history = [...granted, [unlockRequested(), '14:01:30', first] as const];
      const worse = { occurredAt: at('13:57:00'), recordedAt: at('14:02:30'), source: 'oem:volvo' };
      expect(codes(given(...history).when([unlockResult('succeeded'), '14:02:30', worse]))).toEqual(
        [['clock_skew', 'low']],
      );
      const sameLater = {
        occurredAt: at('14:10:00'),
        recordedAt: at('14:11:31'),
        source: 'oem:volvo',
      };
      expect(
        codes(given(...history).when([unlockResult('succeeded'), '14:11:31', sameLater])),
      ).toEqual([['clock_skew', 'low']]);
    });

    it('does not take a status read whose every field is stale for a skewed clock', () => {
      const cached = {
        ...reported('14:00:00', 'no_lock_request'),
        data: {
          ...(reported('14:00:00', 'no_lock_request').data as object),
          judgement: { clockSampleS: null },
        },
      } as DeliveryEvent;
      const envelope = {
        occurredAt: at('14:00:00'),
        recordedAt: at('14:05:00'),
        source: 'oem:volvo',
      };
      expect(codes(given(...granted).when([cached, '14:05:00', envelope]))).toEqual([]);
    });

    it('does not take a car position fixed long ago for a skewed clock, but flags one stamped ahead', () => {
      const parkedAt = positionReported('13:30:00');
      const oldFix = {
        occurredAt: at('13:30:00'),
        recordedAt: at('14:05:00'),
        source: 'oem:volvo',
      };
      expect(codes(given(...granted).when([parkedAt, '14:05:00', oldFix]))).toEqual([]);
      const ahead = { occurredAt: at('14:06:30'), recordedAt: at('14:05:00'), source: 'oem:volvo' };
      expect(
        codes(given(...granted).when([positionReported('14:06:30'), '14:05:00', ahead])),
      ).toEqual([['clock_skew', 'low']]);
    });
  });

  describe('future_timestamp', () => {
    it('flags, high, a fact the ledger judged stamped in the future, and no clock_skew for it', () => {
      const future = { occurredAt: '2099-01-01T00:00:00.000Z', recordedAt: at('14:05:00') };
      expect(
        codes(
          given(...granted).when([reported('14:05:00', 'timestamp_in_future'), '14:05:00', future]),
        ),
      ).toEqual([['future_timestamp', 'high']]);
      const closureInFuture = {
        type: 'ClosureOpened',
        data: {
          closure: 'trunk',
          vehicleTimestamp: '2099-01-01T00:00:00.000Z',
          timeVerdict: 'timestamp_in_future',
        },
      } as DeliveryEvent;
      expect(codes(given(...granted).when([closureInFuture, '14:05:00', future]))).toEqual([
        ['future_timestamp', 'high'],
      ]);
    });
  });
});
