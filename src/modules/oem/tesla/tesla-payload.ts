import type {
  CentralLockState,
  Closure,
  ClosureState,
} from '../../../domain/delivery/delivery.vocabulary.js';
import { isRecord, type PayloadProblems } from '../vendor-payload.js';

/** Tesla `vehicle_state` door flags: 0 closed, anything else open (driver side taken as left). */
const DOOR_FLAGS: Readonly<Record<string, Closure>> = {
  df: 'front_left',
  pf: 'front_right',
  dr: 'rear_left',
  pr: 'rear_right',
  ft: 'frunk',
  rt: 'trunk',
};

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
  if (!Number.isSafeInteger(state.timestamp) || (state.timestamp as number) <= 0) {
    problems.push('vehicle_state.timestamp: must be epoch milliseconds');
  }
  for (const flag of Object.keys(DOOR_FLAGS)) {
    if (state[flag] !== undefined && !isFlag(state[flag])) {
      problems.push(`vehicle_state.${flag}: must be a number or a boolean`);
    }
  }
  return problems;
}

export function teslaVehicleStatus(vehicleState: Record<string, unknown>): {
  statusTimestamp: string;
  centralLock: CentralLockState;
  closures: Partial<Record<Closure, ClosureState>>;
} {
  const closures: Partial<Record<Closure, ClosureState>> = {};
  for (const [flag, closure] of Object.entries(DOOR_FLAGS)) {
    const value = vehicleState[flag];
    if (isFlag(value)) closures[closure] = value === 0 || value === false ? 'closed' : 'open';
  }
  return {
    statusTimestamp: new Date(vehicleState.timestamp as number).toISOString(),
    centralLock: vehicleState.locked === true ? 'LOCKED' : 'UNLOCKED',
    closures,
  };
}
