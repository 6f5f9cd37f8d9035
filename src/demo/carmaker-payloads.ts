/**
 * What each carmaker's cloud sends, in its own shape (docs/VENDORS.md): the payloads the demo's
 * connectors forward to `/v1/oem/{vendor}/…`.
 */

export const volvoInvoke = (vin: string, invokeStatus: string) => ({
  data: { vin, invokeStatus, message: '' },
});

/** Volvo Connected Vehicle `doors`: every field with the moment the car read it. */
export const volvoDoors = (timestamp: string) => {
  const closed = { value: 'CLOSED', timestamp };
  return {
    data: {
      centralLock: { value: 'LOCKED', timestamp },
      frontLeftDoor: closed,
      frontRightDoor: closed,
      rearLeftDoor: closed,
      rearRightDoor: closed,
      hood: closed,
      tailgate: closed,
      tankLid: closed,
    },
  };
};

/** OnStar's answer to a command: `inProgress` until it completes. */
export const gmCommandResponse = (
  vin: string,
  type: 'lockDoor' | 'unlockDoor',
  status: 'success' | 'inProgress',
  requestTime: string,
  completionTime: string | null,
) => ({
  commandResponse: {
    requestTime,
    completionTime,
    status,
    type,
    url: `https://api.gm.com/api/v1/account/vehicles/${vin}/requests/${Date.parse(requestTime)}`,
    body: null,
  },
});

export const teslaCommand = (result: boolean, reason = '') => ({ response: { result, reason } });

/** Tesla `vehicle_data`: vehicle_state with every door, trunk and window shut. */
export const teslaVehicleData = (vin: string, timestamp: string) => ({
  response: {
    id: 100021,
    vehicle_id: 99999,
    vin,
    state: 'online',
    vehicle_state: {
      api_version: 54,
      car_version: '2023.7.20 7910d26d5c64',
      locked: true,
      df: 0,
      dr: 0,
      pf: 0,
      pr: 0,
      ft: 0,
      rt: 0,
      fd_window: 0,
      fp_window: 0,
      rd_window: 0,
      rp_window: 0,
      sentry_mode: false,
      odometer: 15720.07,
      timestamp: Date.parse(timestamp),
    },
  },
});
