import type {
  CentralLockState,
  Closure,
  ClosureState,
} from '../../../domain/delivery/delivery.vocabulary.js';
import {
  expectInstant,
  expectOneOf,
  expectText,
  isRecord,
  type PayloadProblems,
} from '../vendor-payload.js';

/** Volvo Connected Vehicle API v2, `GET /vehicles/{vin}/doors`: each field `{ value, timestamp }`. */
const DOOR_FIELDS: Readonly<Record<string, Closure>> = {
  frontLeftDoor: 'front_left',
  frontRightDoor: 'front_right',
  rearLeftDoor: 'rear_left',
  rearRightDoor: 'rear_right',
  tailgate: 'trunk',
  tailGate: 'trunk',
  hood: 'frunk',
};
const LOCK_VALUES = ['LOCKED', 'UNLOCKED', 'UNSPECIFIED'];
const OPENING_VALUES = ['OPEN', 'CLOSED', 'AJAR', 'UNSPECIFIED'];

interface VolvoResource {
  readonly value: string;
  readonly timestamp: string;
}

export function checkVolvoDoors(data: unknown): PayloadProblems {
  const problems: PayloadProblems = [];
  if (!isRecord(data)) return ['must be the doors object'];
  const checkResource = (field: string, allowed: string[], required: boolean) => {
    const resource = data[field];
    if (resource === undefined && !required) return;
    if (!isRecord(resource)) return problems.push(`${field}: must be { value, timestamp }`);
    expectOneOf(problems, `${field}.value`, resource.value, allowed);
    expectInstant(problems, `${field}.timestamp`, resource.timestamp);
  };
  checkResource('centralLock', LOCK_VALUES, true);
  for (const field of Object.keys(DOOR_FIELDS)) checkResource(field, OPENING_VALUES, false);
  return problems;
}

export function checkVolvoInvoke(data: unknown): PayloadProblems {
  if (!isRecord(data)) return ['must be the command response object'];
  const problems: PayloadProblems = [];
  expectText(problems, 'invokeStatus', data.invokeStatus, 64);
  return problems;
}

const CENTRAL_LOCK: Readonly<Record<string, CentralLockState>> = {
  LOCKED: 'LOCKED',
  UNLOCKED: 'UNLOCKED',
  UNSPECIFIED: 'UNKNOWN',
};
const OPENING: Readonly<Record<string, ClosureState>> = {
  OPEN: 'open',
  AJAR: 'open',
  CLOSED: 'closed',
  UNSPECIFIED: 'unknown',
};

/** The status read a doors response is: stamped when the central lock was read. */
export function volvoDoorsStatus(data: Record<string, unknown>): {
  statusTimestamp: string;
  centralLock: CentralLockState;
  closures: Partial<Record<Closure, ClosureState>>;
} {
  const centralLock = data.centralLock as VolvoResource;
  const closures: Partial<Record<Closure, ClosureState>> = {};
  for (const [field, closure] of Object.entries(DOOR_FIELDS)) {
    const resource = data[field] as VolvoResource | undefined;
    if (resource) closures[closure] = OPENING[resource.value] ?? 'unknown';
  }
  return {
    statusTimestamp: new Date(centralLock.timestamp).toISOString(),
    centralLock: CENTRAL_LOCK[centralLock.value] ?? 'UNKNOWN',
    closures,
  };
}
