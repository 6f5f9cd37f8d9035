import { describe, it } from '@jest/globals';

import { deciderSpecification } from '../../../../../test/support/decider-specification.js';
import {
  accessGranted,
  at,
  closure,
  command,
  deliveryScheduled,
  lockRequested,
  unlockedAndClosed,
  unlockRequested,
} from '../../../../../test/support/delivery-fixtures.js';
import type { RecordVendorCommandResult } from '../../../../domain/delivery/delivery.commands.js';
import { deliveryDecider } from '../../../delivery/delivery.stream.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';

const given = deciderSpecification(deliveryDecider);

const result = (
  overrides: Partial<RecordVendorCommandResult['data']>,
  now = at('14:01:00'),
): RecordVendorCommandResult =>
  command<RecordVendorCommandResult>(
    'RecordVendorCommandResult',
    {
      commandId: 'cmd-unlock-1',
      vendor: 'volvo',
      vendorStatus: 'COMPLETED',
      vendorCommand: null,
      vendorCommandName: null,
      vendorRequestTime: null,
      vehicleCompletionTime: null,
      raw: { data: { vin: 'YV1CT9551B1570982', invokeStatus: 'COMPLETED', message: '' } },
      ...overrides,
    },
    now,
  );

const unlockResult = (
  vendorStatus: string,
  outcome: string,
  vendor: 'volvo' | 'gm' | 'tesla' = 'volvo',
): DeliveryEvent =>
  ({
    type: 'UnlockCommandResult',
    data: {
      commandId: 'cmd-unlock-1',
      vendor,
      vendorStatus,
      outcome,
      raw: { data: { vin: 'YV1CT9551B1570982', invokeStatus: 'COMPLETED', message: '' } },
      vendorCommand: null,
      carmakerTimes: vendor === 'gm' ? { requestTime: at('14:00:00'), completionTime: null } : null,
      timeVerdict: null,
    },
  }) as DeliveryEvent;

const unlocked = [deliveryScheduled(), accessGranted(), unlockRequested()];

describe('recording a carmaker command result', () => {
  it('records a Volvo unlock result with its verbatim status and its outcome', () => {
    given(unlocked)
      .when(result({}))
      .then([unlockResult('COMPLETED', 'succeeded')]);
  });

  it.each(['UNKNOWN', 'VEHICLE_IN_SLEEP', 'CAR_TIMEOUT'])(
    'never counts Volvo %s as success: it is ambiguous',
    (status) => {
      given(unlocked)
        .when(result({ vendorStatus: status }))
        .then([unlockResult(status, 'ambiguous')]);
    },
  );

  it('counts GM inProgress as pending, and as ambiguous once past its timeout', () => {
    const gm = [deliveryScheduled({ vendor: 'gm' }), accessGranted(), unlockRequested()];
    given(gm)
      .when(
        result(
          { vendor: 'gm', vendorStatus: 'inProgress', vendorRequestTime: at('14:00:00') },
          at('14:01:00'),
        ),
      )
      .then([unlockResult('inProgress', 'pending', 'gm')]);
    given(gm)
      .when(
        result(
          { vendor: 'gm', vendorStatus: 'inProgress', vendorRequestTime: at('14:00:00') },
          at('14:01:31'),
        ),
      )
      .then([unlockResult('inProgress', 'ambiguous', 'gm')]);
  });

  it('records a result for an unlock the ledger denied: that is evidence', () => {
    given([
      ...unlocked,
      {
        type: 'UnlockDenied',
        data: { commandId: 'cmd-unlock-1', grantId: 'g-1', reason: 'expired' },
      },
    ])
      .when(result({}))
      .then([unlockResult('COMPLETED', 'succeeded')]);
  });

  it('refuses a result for a command the ledger never issued', () => {
    given(unlocked)
      .when(result({ commandId: 'cmd-x' }))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'RecordVendorCommandResult',
            code: 'OEM.UNKNOWN_COMMAND',
            message: 'No unlock or lock command cmd-x',
          },
        },
      ]);
  });

  it("refuses a result from another carmaker than the car's", () => {
    given(unlocked)
      .when(result({ vendor: 'tesla', vendorStatus: 'true' }))
      .then([
        {
          type: 'CommandRefused',
          data: {
            command: 'RecordVendorCommandResult',
            code: 'OEM.VENDOR_MISMATCH',
            message: "This delivery's car is a volvo, not a tesla",
          },
        },
      ]);
  });

  describe('GM, which has no door or lock status', () => {
    const gmLocking = [...unlockedAndClosed({ vendor: 'gm' }), lockRequested(at('14:05:00'))];
    const lockResult = (
      completion: string,
      status = 'success',
      vendorCommandName = 'lockDoor',
      now = at('14:06:00'),
    ) =>
      result(
        {
          commandId: 'cmd-lock-1',
          vendor: 'gm',
          vendorStatus: status,
          vendorCommand: 'lock',
          vendorCommandName,
          vendorRequestTime: at('14:05:01'),
          vehicleCompletionTime: at(completion),
          raw: { commandResponse: { status } },
        },
        now,
      );
    const lockCommandResult = (
      status: string,
      outcome: string,
      completion: string,
      vendorCommand = 'lockDoor',
      timeVerdict: string | null = null,
    ): DeliveryEvent =>
      ({
        type: 'LockCommandResult',
        data: {
          commandId: 'cmd-lock-1',
          vendor: 'gm',
          vendorStatus: status,
          outcome,
          raw: { commandResponse: { status } },
          vendorCommand,
          carmakerTimes: { requestTime: at('14:05:01'), completionTime: at(completion) },
          timeVerdict,
        },
      }) as DeliveryEvent;
    const acknowledged = (completion: string): DeliveryEvent => ({
      type: 'LockConfirmed',
      data: {
        commandId: 'cmd-lock-1',
        vendor: 'gm',
        statusTimestamp: at(completion),
        evidence: 'command_acknowledged',
      },
    });

    it('confirms the lock from a successful lockDoor, marked as acknowledged by the carmaker', () => {
      given(gmLocking)
        .when(lockResult('14:05:20'))
        .then([lockCommandResult('success', 'succeeded', '14:05:20'), acknowledged('14:05:20')]);
    });

    it('takes a lockTrunk for a trunk delivery, never for a cabin delivery', () => {
      given(gmLocking)
        .when(lockResult('14:05:20', 'success', 'lockTrunk'))
        .then([
          lockCommandResult('success', 'succeeded', '14:05:20', 'lockTrunk'),
          acknowledged('14:05:20'),
        ]);
      const cabin = [deliveryScheduled({ vendor: 'gm', target: 'cabin' }), ...gmLocking.slice(1)];
      given(cabin)
        .when(lockResult('14:05:20', 'success', 'lockTrunk'))
        .then([lockCommandResult('success', 'succeeded', '14:05:20', 'lockTrunk')]);
    });

    it('confirms nothing from a completion stamped in the future, and says so', () => {
      given(gmLocking)
        .when(lockResult('14:09:00', 'success', 'lockDoor', at('14:06:00')))
        .then([
          lockCommandResult('success', 'succeeded', '14:09:00', 'lockDoor', 'timestamp_in_future'),
        ]);
    });

    it('does not confirm from a completion read longer ago than the status age limit', () => {
      given(gmLocking)
        .when(lockResult('14:05:20', 'success', 'lockDoor', at('14:10:21')))
        .then([lockCommandResult('success', 'succeeded', '14:05:20')]);
    });

    it('does not confirm while a closure the ledger saw open is still open', () => {
      given([...gmLocking, closure('opened', '14:05:10')])
        .when(lockResult('14:05:20'))
        .then([lockCommandResult('success', 'succeeded', '14:05:20')]);
    });

    it('refuses an unlockDoor result posted for the lock command: it must not confirm a lock', () => {
      given(gmLocking)
        .when(
          result({
            commandId: 'cmd-lock-1',
            vendor: 'gm',
            vendorStatus: 'success',
            vendorCommand: 'unlock',
            vendorCommandName: 'unlockDoor',
            vehicleCompletionTime: at('14:05:20'),
          }),
        )
        .then([
          {
            type: 'CommandRefused',
            data: {
              command: 'RecordVendorCommandResult',
              code: 'OEM.COMMAND_KIND_MISMATCH',
              message:
                'Command cmd-lock-1 was a request to lock; the carmaker reports a result to unlock',
            },
          },
        ]);
    });

    it('does not confirm from a completion before OnStar received the command, or a failure', () => {
      given(gmLocking)
        .when(lockResult('14:04:50'))
        .then([lockCommandResult('success', 'succeeded', '14:04:50')]);
      given(gmLocking)
        .when(lockResult('14:05:20', 'failure'))
        .then([lockCommandResult('failure', 'failed', '14:05:20')]);
    });
  });
});
