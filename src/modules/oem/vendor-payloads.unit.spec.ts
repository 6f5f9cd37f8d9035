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
import {
  checkVolvoDoors,
  checkVolvoInvoke,
  checkVolvoWindows,
  volvoDoorsStatus,
  volvoWindowsStatus,
} from './volvo/volvo-payload.js';

describe('reading carmaker payloads', () => {
  describe('Volvo Connected Vehicle v2', () => {
    it('reads a doors response as a status read stamped with the central lock', () => {
      const { data } = volvoDoors('2026-11-25T14:03:12Z', { tailgate: 'AJAR' });
      expect(checkVolvoDoors(data)).toEqual([]);
      const t = '2026-11-25T14:03:12.000Z';
      expect(volvoDoorsStatus(data)).toEqual({
        statusTimestamp: t,
        centralLock: 'LOCKED',
        closures: {
          front_left: 'closed',
          front_right: 'closed',
          rear_left: 'closed',
          rear_right: 'closed',
          trunk: 'open',
          frunk: 'closed',
        },
        windows: {},
        fieldTimes: {
          centralLock: t,
          front_left: t,
          front_right: t,
          rear_left: t,
          rear_right: t,
          trunk: t,
          frunk: t,
        },
        contradictions: [],
      });
    });

    it('keeps each field’s own timestamp', () => {
      const { data } = volvoDoors('2026-11-25T14:03:12Z');
      const read = volvoDoorsStatus({
        ...data,
        tailgate: { value: 'CLOSED', timestamp: '2020-01-01T00:00:00Z' },
      });
      expect(read.fieldTimes).toMatchObject({
        centralLock: '2026-11-25T14:03:12.000Z',
        trunk: '2020-01-01T00:00:00.000Z',
      });
    });

    it('notes tailgate and tailGate that disagree; agreeing spellings are fine', () => {
      const { data } = volvoDoors('2026-11-25T14:03:12Z', { tailgate: 'OPEN' });
      const both = { ...data, tailGate: { value: 'CLOSED', timestamp: '2026-11-25T14:03:12Z' } };
      expect(volvoDoorsStatus(both).contradictions).toEqual(['tailgate and tailGate disagree']);
      const agreeing = { ...data, tailGate: data.tailgate };
      expect(volvoDoorsStatus(agreeing).contradictions).toEqual([]);
    });

    it('reads a windows response: windows and sunroof, no central lock reading', () => {
      const t = '2026-11-25T14:03:20Z';
      const data = {
        frontLeftWindow: { value: 'CLOSED', timestamp: t },
        frontRightWindow: { value: 'AJAR', timestamp: t },
        sunroof: { value: 'CLOSED', timestamp: '2026-11-25T14:03:10Z' },
      };
      expect(checkVolvoWindows(data)).toEqual([]);
      const read = volvoWindowsStatus(data);
      expect(read.windows).toEqual({
        window_front_left: 'closed',
        window_front_right: 'open',
        sunroof: 'closed',
      });
      expect(read.fieldTimes).not.toHaveProperty('centralLock');
      expect(read.statusTimestamp).toBe('2026-11-25T14:03:10.000Z');
      expect(checkVolvoWindows({ tankLid: {} })).toEqual([
        'must report at least one window or the sunroof',
      ]);
    });

    it('refuses timestamps outside 2000–2100', () => {
      expect(
        checkVolvoDoors({ centralLock: { value: 'LOCKED', timestamp: '2150-01-01T00:00:00Z' } }),
      ).toEqual([
        'centralLock.timestamp: must be an ISO-8601 timestamp with a time zone between 2000-01-01 and 2100-01-01',
      ]);
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
        'centralLock.timestamp: must be an ISO-8601 timestamp with a time zone between 2000-01-01 and 2100-01-01',
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
      const read = teslaVehicleStatus(response.vehicle_state);
      expect(read).toMatchObject({
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
        windows: {
          window_front_left: 'closed',
          window_front_right: 'closed',
          window_rear_left: 'closed',
          window_rear_right: 'closed',
        },
        contradictions: [],
      });
      expect(Object.values(read.fieldTimes)).toEqual(Array(11).fill('2026-11-25T14:03:12.000Z'));
      expect(teslaVehicleStatus({ locked: true, df: true, timestamp: 1 }).closures).toEqual({
        front_left: 'open',
      });
    });

    it('places the driver’s side by the car’s drive side, and reads the sunroof', () => {
      const state = {
        locked: true,
        df: 1,
        pf: 0,
        fd_window: 1,
        sun_roof_percent_open: 15,
        timestamp: 1,
      };
      expect(teslaVehicleStatus(state, 'left')).toMatchObject({
        closures: { front_left: 'open', front_right: 'closed' },
        windows: { window_front_left: 'open', sunroof: 'open' },
      });
      expect(teslaVehicleStatus(state, 'right')).toMatchObject({
        closures: { front_right: 'open', front_left: 'closed' },
        windows: { window_front_right: 'open', sunroof: 'open' },
      });
    });

    it('refuses timestamps that are not epoch milliseconds between 2000 and 2100', () => {
      for (const timestamp of [9e15, 8.64e15, -5, 1.5, Number.MAX_SAFE_INTEGER, 4102444800001]) {
        expect(checkTeslaVehicleData({ vehicle_state: { locked: true, timestamp } })).toEqual([
          'vehicle_state.timestamp: must be epoch milliseconds between 2000-01-01 and 2100-01-01',
        ]);
      }
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
        'vehicle_state.timestamp: must be epoch milliseconds between 2000-01-01 and 2100-01-01',
        'vehicle_state.df: must be a number or a boolean',
      ]);
    });
  });
});
