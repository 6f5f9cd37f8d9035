/** Carmaker payloads in each vendor's documented shape (see docs/VENDORS.md for the sources). */

const VIN = 'YV1CT9551B1570982';

export const volvoInvoke = (invokeStatus: string) => ({
  data: { vin: VIN, invokeStatus, message: '' },
});

export const volvoDoors = (
  timestamp: string,
  { centralLock = 'LOCKED', tailgate = 'CLOSED' }: { centralLock?: string; tailgate?: string } = {},
) => {
  const closed = { value: 'CLOSED', timestamp };
  return {
    data: {
      centralLock: { value: centralLock, timestamp },
      frontLeftDoor: closed,
      frontRightDoor: closed,
      rearLeftDoor: closed,
      rearRightDoor: closed,
      hood: closed,
      tailgate: { value: tailgate, timestamp },
      tankLid: closed,
    },
  };
};

export const volvoWindows = (
  timestamp: string,
  { sunroof = 'CLOSED' }: { sunroof?: string } = {},
) => {
  const closed = { value: 'CLOSED', timestamp };
  return {
    data: {
      frontLeftWindow: closed,
      frontRightWindow: closed,
      rearLeftWindow: closed,
      rearRightWindow: closed,
      sunroof: { value: sunroof, timestamp },
    },
  };
};

export const gmCommandResponse = (
  type: 'lockDoor' | 'lockTrunk' | 'unlockDoor',
  status: 'success' | 'failure' | 'inProgress',
  requestTime: string,
  completionTime: string | null,
) => ({
  commandResponse: {
    requestTime,
    completionTime,
    status,
    type,
    url: 'https://api.gm.com/api/v1/account/vehicles/1G1ZD5ST0LF000001/requests/47519256293',
    body: null,
  },
});

export const teslaCommand = (result: boolean, reason = '') => ({ response: { result, reason } });

export const teslaVehicleData = (
  timestamp: string,
  { locked = true, rt = 0 }: { locked?: boolean; rt?: number } = {},
) => ({
  response: {
    id: 100021,
    vehicle_id: 99999,
    vin: 'TEST00000000VIN01',
    state: 'online',
    vehicle_state: {
      api_version: 54,
      car_version: '2023.7.20 7910d26d5c64',
      locked,
      df: 0,
      dr: 0,
      pf: 0,
      pr: 0,
      ft: 0,
      rt,
      fd_window: 0,
      fp_window: 0,
      rd_window: 0,
      rp_window: 0,
      sentry_mode: false,
      odometer: 15720.074889,
      timestamp: Date.parse(timestamp),
    },
  },
});

/** Volvo Location API: a GeoJSON Feature, coordinates in GeoJSON's order [longitude, latitude, altitude]. */
export const volvoLocation = (
  timestamp: string,
  { lat, lon }: { lat: number; lon: number },
  heading = '90',
) => ({
  data: {
    type: 'Feature',
    properties: { timestamp, heading },
    geometry: { type: 'Point', coordinates: [lon, lat, 0] },
  },
});

/** Tesla `vehicle_data?endpoints=location_data`: drive_state, its GPS fix time in epoch seconds. */
export const teslaDriveState = (fixedAt: string, { lat, lon }: { lat: number; lon: number }) => ({
  response: {
    id: 100021,
    vehicle_id: 99999,
    vin: 'TEST00000000VIN01',
    state: 'online',
    drive_state: {
      gps_as_of: Date.parse(fixedAt) / 1000,
      heading: 289,
      latitude: lat,
      longitude: lon,
      native_latitude: lat,
      native_location_supported: 1,
      native_longitude: lon,
      native_type: 'wgs',
      power: 0,
      shift_state: null,
      speed: null,
      timestamp: Date.parse(fixedAt) + 2000,
    },
  },
});

/** OnStar's answer to the location command: coordinates as decimal text, as OnStar sends them. */
export const gmLocation = (completionTime: string, { lat, lon }: { lat: number; lon: number }) => ({
  commandResponse: {
    requestTime: new Date(Date.parse(completionTime) - 3000).toISOString(),
    completionTime,
    status: 'success',
    type: 'location',
    url: 'https://api.gm.com/api/v1/account/vehicles/1G1ZD5ST0LF000001/requests/location47519256',
    body: {
      direction: { uom: 'degree', value: '0.0' },
      location: { lat: lat.toFixed(7), long: lon.toFixed(7) },
      speed: { uom: 'kmph', value: '0.0' },
    },
  },
});
