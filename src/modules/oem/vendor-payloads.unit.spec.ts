import { describe, expect, it } from '@jest/globals';

import {
  gmCommandResponse,
  teslaVehicleData,
  volvoDoors,
} from '../../../test/support/vendor-payloads.js';
import { checkGmCommandResponse, gmLedgerCommand } from './gm/gm-payload.js';
import {
  checkTeslaCommandResponse,
  checkTeslaVehicleData,
  teslaVehicleStatus,
  teslaVendorStatus,
} from './tesla/tesla-payload.js';
import { checkVolvoDoors, checkVolvoInvoke, volvoDoorsStatus } from './volvo/volvo-payload.js';

describe('reading carmaker payloads', () => {
  describe('Volvo Connected Vehicle v2', () => {
    it('reads a doors response as a status read stamped with the central lock', () => {
      const { data } = volvoDoors('2026-11-25T14:03:12Z', { tailgate: 'AJAR' });
      expect(checkVolvoDoors(data)).toEqual([]);
      expect(volvoDoorsStatus(data)).toEqual({
        statusTimestamp: '2026-11-25T14:03:12.000Z',
        centralLock: 'LOCKED',
        closures: {
          front_left: 'closed',
          front_right: 'closed',
          rear_left: 'closed',
          rear_right: 'closed',
          trunk: 'open',
          frunk: 'closed',
        },
      });
    });

    it('takes the tailGate spelling too, and UNSPECIFIED as unknown', () => {
      const data = {
        centralLock: { value: 'UNSPECIFIED', timestamp: '2026-11-25T14:03:12Z' },
        tailGate: { value: 'UNSPECIFIED', timestamp: '2026-11-25T14:03:12Z' },
      };
      expect(volvoDoorsStatus(data)).toMatchObject({
        centralLock: 'UNKNOWN',
        closures: { trunk: 'unknown' },
      });
    });

    it('names what is wrong in a payload that is not Volvo’s', () => {
      expect(
        checkVolvoDoors({ centralLock: { value: 'SHUT', timestamp: 'now' }, hood: 'CLOSED' }),
      ).toEqual([
        'centralLock.value: must be one of LOCKED, UNLOCKED, UNSPECIFIED',
        'centralLock.timestamp: must be an ISO-8601 timestamp with a time zone',
        'hood: must be { value, timestamp }',
      ]);
      expect(checkVolvoInvoke({ vin: 'x' })).toEqual([
        'invokeStatus: must be a text of 1 to 64 characters',
      ]);
    });
  });

  describe('GM OnStar', () => {
    it('reads the command type as the ledger command it answers', () => {
      const { commandResponse } = gmCommandResponse(
        'lockDoor',
        'success',
        '2026-11-25T14:00:00Z',
        '2026-11-25T14:00:09Z',
      );
      expect(checkGmCommandResponse(commandResponse)).toEqual([]);
      expect(gmLedgerCommand(commandResponse)).toBe('lock');
      expect(gmLedgerCommand({ ...commandResponse, type: 'unlockTrunk' })).toBe('unlock');
      expect(checkGmCommandResponse({ ...commandResponse, type: 'start' })).toEqual([
        'type: must be one of lockDoor, lockTrunk, unlockDoor, unlockTrunk',
      ]);
    });
  });

  describe('Tesla', () => {
    it('reads vehicle_state as a status read: locked, door flags, timestamp in ms', () => {
      const { response } = teslaVehicleData('2026-11-25T14:03:12Z', { locked: false, rt: 1 });
      expect(checkTeslaVehicleData(response)).toEqual([]);
      expect(teslaVehicleStatus(response.vehicle_state)).toEqual({
        statusTimestamp: '2026-11-25T14:03:12.000Z',
        centralLock: 'UNLOCKED',
        closures: {
          front_left: 'closed',
          front_right: 'closed',
          rear_left: 'closed',
          rear_right: 'closed',
          frunk: 'closed',
          trunk: 'open',
        },
      });
      expect(teslaVehicleStatus({ locked: true, df: true, timestamp: 1 }).closures).toEqual({
        front_left: 'open',
      });
    });

    it('takes the verbatim status from the result, or from the error when the car did not answer', () => {
      expect(teslaVendorStatus({ result: false, reason: 'user_present' })).toBe('false');
      expect(teslaVendorStatus(null, 'vehicle unavailable: vehicle is offline or asleep')).toBe(
        'vehicle unavailable: vehicle is offline or asleep',
      );
      expect(checkTeslaCommandResponse({ result: 'yes' })).toEqual([
        'result: must be true or false',
      ]);
      expect(
        checkTeslaVehicleData({ vehicle_state: { locked: 1, timestamp: -5, df: 'open' } }),
      ).toEqual([
        'vehicle_state.locked: must be true or false',
        'vehicle_state.timestamp: must be epoch milliseconds',
        'vehicle_state.df: must be a number or a boolean',
      ]);
    });
  });
});
