import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  at,
  command,
  DROP_PHOTO,
  lockConfirmed,
  lockRequested,
  packagePlaced,
  unlockedAndClosed,
} from '../../../../../test/support/delivery-fixtures.js';
import type {
  AttachPhoto,
  FlagPhotoUploadOverdue,
  PlacePackage,
} from '../../../../domain/delivery/delivery.commands.js';
import { DEFAULT_TIME_RULES } from '../../../../domain/shared/time-rules.js';
import { deliveryDecider } from '../../delivery.stream.js';

const given = deciderSpecification(deliveryDecider);
const { sha256 } = DROP_PHOTO;
/** Recorded at 14:02:40 on the 25th: the grace period (7 days) ends on 2 December. */
const DUE = '2026-12-02T14:02:40.000Z';
const completed = {
  type: 'DeliveryCompleted',
  data: { lockCommandId: 'cmd-lock-1', lockConfirmedAt: at('14:05:30') },
} as const;
const droppedOffline = [...unlockedAndClosed(), packagePlaced('p-1', DUE)];
const attach = (now: string) => command<AttachPhoto>('AttachPhoto', { sha256 }, now);
const flagOverdue = (now: string) =>
  command<FlagPhotoUploadOverdue>('FlagPhotoUploadOverdue', { sha256 }, now);
const place = (photoHeld: boolean, packageId = 'p-1') => ({
  ...command<PlacePackage>(
    'PlacePackage',
    { packageId, photo: DROP_PHOTO, photoHeld },
    at('14:02:40'),
  ),
});

describe('a drop recorded before its photo is uploaded', () => {
  it('records the drop with the end of its grace period when the photo is not held yet', () => {
    given(unlockedAndClosed())
      .when(place(false))
      .then([packagePlaced('p-1', DUE)]);
  });

  it('takes the grace period from the time rules (KEYTRAIL_PHOTO_LATE_DAYS)', () => {
    const oneDay = {
      ...place(false),
      metadata: {
        now: at('14:02:40'),
        actor: place(false).metadata.actor,
        timeRules: { ...DEFAULT_TIME_RULES, photoLateDays: 1 },
      },
    };
    given(unlockedAndClosed())
      .when(oneDay)
      .then([packagePlaced('p-1', '2026-11-26T14:02:40.000Z')]);
  });

  it('needs no grace period for a photo held already, uploaded first or attached to an earlier drop', () => {
    given(unlockedAndClosed())
      .when(place(true))
      .then([packagePlaced('p-1', null)]);
    given([...droppedOffline, { type: 'PhotoAttached', data: { sha256, packageIds: ['p-1'] } }])
      .when(place(false, 'p-2'))
      .then([packagePlaced('p-2', null)]);
  });

  it('records the upload as PhotoAttached, also after completion, for every package of the digest', () => {
    given([
      ...droppedOffline,
      packagePlaced('p-2', DUE),
      lockRequested(),
      lockConfirmed(),
      completed,
    ])
      .when(attach('2026-11-26T09:00:00.000Z'))
      .then([{ type: 'PhotoAttached', data: { sha256, packageIds: ['p-1', 'p-2'] } }]);
  });

  it('records the same photo once: a second upload changes nothing', () => {
    given([...droppedOffline, { type: 'PhotoAttached', data: { sha256, packageIds: ['p-1'] } }])
      .when(attach('2026-11-26T09:00:00.000Z'))
      .thenNothingHappens();
  });

  it('refuses an upload after the grace period, and records the refusal', () => {
    given(droppedOffline)
      .when(attach(DUE))
      .then([{ type: 'PhotoAttached', data: { sha256, packageIds: ['p-1'] } }]);
    given(droppedOffline)
      .when(attach('2026-12-02T14:02:41.000Z'))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'AttachPhoto',
            code: 'PHOTO.TOO_LATE',
            message: `The photo's grace period ended at ${DUE}: it is no longer accepted`,
          },
        },
      ]);
  });
});

describe('the watchdog at the end of a photo grace period', () => {
  it('records PhotoUploadOverdue once the grace period has ended with no photo, even after completion', () => {
    given([...droppedOffline, lockRequested(), lockConfirmed(), completed])
      .when(flagOverdue('2026-12-02T14:02:41.000Z'))
      .then([{ type: 'PhotoUploadOverdue', data: { sha256, packageIds: ['p-1'], dueBy: DUE } }]);
  });

  it('records nothing before the end, after the upload, twice, or for a photo held at the drop', () => {
    given(droppedOffline).when(flagOverdue('2026-12-02T14:02:39.000Z')).thenNothingHappens();
    given([...droppedOffline, { type: 'PhotoAttached', data: { sha256, packageIds: ['p-1'] } }])
      .when(flagOverdue('2026-12-03T00:00:00.000Z'))
      .thenNothingHappens();
    given([
      ...droppedOffline,
      { type: 'PhotoUploadOverdue', data: { sha256, packageIds: ['p-1'], dueBy: DUE } },
    ])
      .when(flagOverdue('2026-12-03T00:00:00.000Z'))
      .thenNothingHappens();
    given([...unlockedAndClosed(), packagePlaced('p-1', null)])
      .when(flagOverdue('2026-12-03T00:00:00.000Z'))
      .thenNothingHappens();
  });
});
