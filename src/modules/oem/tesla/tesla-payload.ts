import type { Closure, StatusField, Window } from '../../../domain/delivery/delivery.vocabulary.js';
import type { DriveSide } from '../../../domain/vehicle/vehicle.events.js';
import { isAcceptedEpochMillis } from '../../../domain/shared/time-rules.js';
import type { VendorStatusRead } from '../vendor-status-read.js';
import { isRecord, type PayloadProblems } from '../vendor-payload.js';

/**
 * Tesla `vehicle_state` flags name the driver's and the passenger's side (`df` driver front, `pr`
 * passenger rear…), and windows likewise (`fd_window`…): which of them is left depends on the car.
 */
type Side = 'driver' | 'passenger';
const DOOR_FLAGS: Readonly<Record<string, { side: Side; row: 'front' | 'rear' } | Closure>> = {
  df: { side: 'driver', row: 'front' },
  pf: { side: 'passenger', row: 'front' },
  dr: { side: 'driver', row: 'rear' },
  pr: { side: 'passenger', row: 'rear' },
  ft: 'frunk',
  rt: 'trunk',
};
const WINDOW_FLAGS: Readonly<Record<string, { side: Side; row: 'front' | 'rear' }>> = {
  fd_window: { side: 'driver', row: 'front' },
  fp_window: { side: 'passenger', row: 'front' },
  rd_window: { side: 'driver', row: 'rear' },
  rp_window: { side: 'passenger', row: 'rear' },
};

const sideOf = (side: Side, driveSide: DriveSide): 'left' | 'right' =>
  (side === 'driver') === (driveSide === 'left') ? 'left' : 'right';

export interface TeslaCommandResponse {
  readonly result: boolean;
  readonly reason: string;
}

export function checkTeslaCommandResponse(value: unknown): PayloadProblems {
  if (value === null) return [];
  if (!isRecord(value)) return ['must be { result, reason } or null'];
  return typeof value.result === 'boolean' ? [] : ['result: must be true or false'];
}

/** Tesla's verbatim answer: the result flag when the car answered, the error text when it did not. */
export const teslaVendorStatus = (response: TeslaCommandResponse | null, error?: string): string =>
  response ? String(response.result) : (error ?? 'no response');

const isFlag = (value: unknown) => typeof value === 'number' || typeof value === 'boolean';

export function checkTeslaVehicleData(value: unknown): PayloadProblems {
  if (!isRecord(value) || !isRecord(value.vehicle_state)) {
    return ['vehicle_state: must be the vehicle_state object'];
  }
  const state = value.vehicle_state;
  const problems: PayloadProblems = [];
  if (typeof state.locked !== 'boolean')
    problems.push('vehicle_state.locked: must be true or false');
  if (typeof state.timestamp !== 'number' || !isAcceptedEpochMillis(state.timestamp)) {
    problems.push(
      'vehicle_state.timestamp: must be epoch milliseconds between 2000-01-01 and 2100-01-01',
    );
  }
  for (const flag of [...Object.keys(DOOR_FLAGS), ...Object.keys(WINDOW_FLAGS)]) {
    if (state[flag] !== undefined && !isFlag(state[flag])) {
      problems.push(`vehicle_state.${flag}: must be a number or a boolean`);
    }
  }
  const sunroof = state.sun_roof_percent_open;
  if (
    sunroof !== undefined &&
    sunroof !== null &&
    (typeof sunroof !== 'number' || !(sunroof >= 0 && sunroof <= 100))
  ) {
    problems.push('vehicle_state.sun_roof_percent_open: must be a number from 0 to 100');
  }
  return problems;
}

const opening = (value: unknown) => (value === 0 || value === false ? 'closed' : 'open');

/** One read of the car, one timestamp for every field; the flags placed by the car's drive side. */
export function teslaVehicleStatus(
  vehicleState: Record<string, unknown>,
  driveSide: DriveSide = 'left',
): VendorStatusRead {
  const statusTimestamp = new Date(vehicleState.timestamp as number).toISOString();
  const read: VendorStatusRead = {
    statusTimestamp,
    centralLock: vehicleState.locked === true ? 'LOCKED' : 'UNLOCKED',
    closures: {},
    windows: {},
    fieldTimes: { centralLock: statusTimestamp },
    contradictions: [],
  };
  const stamp = (field: StatusField) => (read.fieldTimes[field] = statusTimestamp);
  for (const [flag, place] of Object.entries(DOOR_FLAGS)) {
    const value = vehicleState[flag];
    if (!isFlag(value)) continue;
    const closure: Closure =
      typeof place === 'string' ? place : `${place.row}_${sideOf(place.side, driveSide)}`;
    read.closures[closure] = opening(value);
    stamp(closure);
  }
  for (const [flag, place] of Object.entries(WINDOW_FLAGS)) {
    const value = vehicleState[flag];
    if (!isFlag(value)) continue;
    const window: Window = `window_${place.row}_${sideOf(place.side, driveSide)}`;
    read.windows[window] = opening(value);
    stamp(window);
  }
  const sunroof = vehicleState.sun_roof_percent_open;
  if (typeof sunroof === 'number') {
    read.windows.sunroof = sunroof === 0 ? 'closed' : 'open';
    stamp('sunroof');
  }
  return read;
}
