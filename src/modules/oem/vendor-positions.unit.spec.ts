import { describe, expect, it } from '@jest/globals';

import {
  gmLocation,
  teslaDriveState,
  volvoLocation,
} from '../../../test/support/vendor-payloads.js';
import { checkGmLocation, gmPosition } from './gm/gm-location.js';
import { checkTeslaDriveState, teslaPosition } from './tesla/tesla-drive-state.js';
import { checkVolvoLocation, volvoPosition } from './volvo/volvo-location.js';

const CAR = { lat: 59.3293, lon: 18.0686 };
const FIXED_AT = '2026-11-25T13:58:00.000Z';

describe('reading carmakers’ location payloads', () => {
  describe('Volvo Location API (GeoJSON)', () => {
    it('reads the Point as [longitude, latitude], fixed at properties.timestamp, heading from text', () => {
      const { data } = volvoLocation('2026-11-25T13:58:00Z', CAR, '271');
      expect(checkVolvoLocation(data)).toEqual([]);
      expect(volvoPosition(data)).toEqual({ position: CAR, positionAt: FIXED_AT, heading: 271 });
    });

    it('reads a Feature without a heading, and one without an altitude', () => {
      const { data } = volvoLocation(FIXED_AT, CAR);
      const bare = {
        ...data,
        properties: { timestamp: FIXED_AT },
        geometry: { type: 'Point', coordinates: [CAR.lon, CAR.lat] },
      };
      expect(checkVolvoLocation(bare)).toEqual([]);
      expect(volvoPosition(bare).heading).toBeNull();
    });

    it('refuses coordinates out of range, in the wrong shape, and a timestamp without a zone', () => {
      const { data } = volvoLocation(FIXED_AT, CAR);
      const at = (coordinates: unknown) => ({ ...data, geometry: { type: 'Point', coordinates } });
      expect(checkVolvoLocation(at([181, 59]))).toEqual([
        'geometry.coordinates[0]: must be a longitude from -180 to 180',
      ]);
      expect(checkVolvoLocation(at([18, -90.5]))).toEqual([
        'geometry.coordinates[1]: must be a latitude from -90 to 90',
      ]);
      expect(checkVolvoLocation(at([18]))).toHaveLength(1);
      expect(checkVolvoLocation(at(['18.0686', '59.3293']))).toHaveLength(2);
      expect(
        checkVolvoLocation({ ...data, geometry: { type: 'LineString', coordinates: [18, 59] } }),
      ).toHaveLength(1);
      expect(checkVolvoLocation({ ...data, type: 'FeatureCollection' })).toEqual([
        'type: must be Feature',
      ]);
      expect(
        checkVolvoLocation({ ...data, properties: { timestamp: '2026-11-25T13:58:00' } }),
      ).toHaveLength(1);
      expect(
        checkVolvoLocation({ ...data, properties: { timestamp: FIXED_AT, heading: '400' } }),
      ).toEqual(['properties.heading: must be a heading from 0 to 360']);
      expect(checkVolvoLocation(null)).toEqual(['must be the location Feature']);
    });
  });

  describe('Tesla drive_state', () => {
    it('reads latitude and longitude at the GPS fix time (gps_as_of, seconds)', () => {
      const { response } = teslaDriveState(FIXED_AT, CAR);
      expect(checkTeslaDriveState(response)).toEqual([]);
      expect(teslaPosition(response.drive_state)).toEqual({
        position: CAR,
        positionAt: FIXED_AT,
        heading: 289,
      });
    });

    it('falls back to the read time (timestamp, ms) without a fix time', () => {
      const { response } = teslaDriveState(FIXED_AT, CAR);
      const { gps_as_of: _fix, ...driveState } = response.drive_state;
      expect(checkTeslaDriveState({ drive_state: driveState })).toEqual([]);
      expect(teslaPosition(driveState).positionAt).toBe('2026-11-25T13:58:02.000Z');
    });

    it('refuses positions out of range and times that are no time', () => {
      const { response } = teslaDriveState(FIXED_AT, CAR);
      const with_ = (changes: object) => ({
        drive_state: { ...response.drive_state, ...changes },
      });
      expect(checkTeslaDriveState(with_({ latitude: 91 }))).toEqual([
        'drive_state.latitude: must be a latitude from -90 to 90',
      ]);
      expect(checkTeslaDriveState(with_({ longitude: null }))).toHaveLength(1);
      expect(checkTeslaDriveState(with_({ latitude: '59.3293' }))).toHaveLength(1);
      expect(checkTeslaDriveState(with_({ gps_as_of: 99_999_999_999 }))).toHaveLength(1);
      expect(checkTeslaDriveState(with_({ gps_as_of: undefined, timestamp: undefined }))).toEqual([
        'drive_state: must say when (gps_as_of or timestamp)',
      ]);
      expect(checkTeslaDriveState({ vehicle_state: {} })).toEqual([
        'drive_state: must be the drive_state object',
      ]);
    });
  });

  describe('GM OnStar location command', () => {
    it('reads lat and long sent as decimal text, at completionTime', () => {
      const { commandResponse } = gmLocation(FIXED_AT, CAR);
      expect(checkGmLocation(commandResponse)).toEqual([]);
      expect(gmPosition(commandResponse)).toEqual({
        position: CAR,
        positionAt: FIXED_AT,
        heading: 0,
      });
    });

    it('refuses a response that carries no position, or one out of range', () => {
      const { commandResponse } = gmLocation(FIXED_AT, CAR);
      expect(checkGmLocation({ ...commandResponse, status: 'failure', body: null })).toEqual([
        'status: must be success (only it carries a position)',
        'body.location: must be { lat, long }',
      ]);
      expect(checkGmLocation({ ...commandResponse, type: 'lockDoor' })).toEqual([
        'type: must be location',
      ]);
      const at = (lat: unknown, long: unknown) => ({
        ...commandResponse,
        body: { location: { lat, long } },
      });
      expect(checkGmLocation(at('42.0000000', '-181.0'))).toEqual([
        'body.location.long: must be a longitude from -180 to 180',
      ]);
      expect(checkGmLocation(at('north', '18.0'))).toHaveLength(1);
      expect(checkGmLocation(at('1e3', '18.0'))).toHaveLength(1);
      expect(checkGmLocation({ ...commandResponse, completionTime: null })).toHaveLength(1);
    });
  });
});
