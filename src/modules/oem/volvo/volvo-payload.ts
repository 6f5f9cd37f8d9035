import type {
  CentralLockState,
  ClosureState,
  StatusField,
} from '../../../domain/delivery/delivery.vocabulary.js';
import type { VendorStatusRead } from '../vendor-status-read.js';
import {
  expectInstant,
  expectOneOf,
  expectText,
  isRecord,
  type PayloadProblems,
} from '../vendor-payload.js';

/**
 * Volvo Connected Vehicle API v2, `GET /vehicles/{vin}/doors` and `/windows`: each field is
 * `{ value, timestamp }`, the timestamp being when that value was last read from the car.
 * `tailGate` is an older spelling of `tailgate`; both may come, and must then agree.
 */
const DOOR_FIELDS: Readonly<Record<string, StatusField>> = {
  frontLeftDoor: 'front_left',
  frontRightDoor: 'front_right',
  rearLeftDoor: 'rear_left',
  rearRightDoor: 'rear_right',
  tailgate: 'trunk',
  tailGate: 'trunk',
  hood: 'frunk',
};
const WINDOW_FIELDS: Readonly<Record<string, StatusField>> = {
  frontLeftWindow: 'window_front_left',
  frontRightWindow: 'window_front_right',
  rearLeftWindow: 'window_rear_left',
  rearRightWindow: 'window_rear_right',
  sunroof: 'sunroof',
};
const LOCK_VALUES = ['LOCKED', 'UNLOCKED', 'UNSPECIFIED'];
const OPENING_VALUES = ['OPEN', 'CLOSED', 'AJAR', 'UNSPECIFIED'];

interface VolvoResource {
  readonly value: string;
  readonly timestamp: string;
}

function checkResources(
  data: unknown,
  fields: readonly string[],
  required: readonly string[],
): PayloadProblems {
  if (!isRecord(data)) return ['must be the status object'];
  const problems: PayloadProblems = [];
  for (const field of fields) {
    const resource = data[field];
    if (resource === undefined && !required.includes(field)) continue;
    if (!isRecord(resource)) {
      problems.push(`${field}: must be { value, timestamp }`);
      continue;
    }
    expectOneOf(
      problems,
      `${field}.value`,
      resource.value,
      field === 'centralLock' ? LOCK_VALUES : OPENING_VALUES,
    );
    expectInstant(problems, `${field}.timestamp`, resource.timestamp);
  }
  return problems;
}

export const checkVolvoDoors = (data: unknown): PayloadProblems =>
  checkResources(data, ['centralLock', ...Object.keys(DOOR_FIELDS)], ['centralLock']);

export function checkVolvoWindows(data: unknown): PayloadProblems {
  const problems = checkResources(data, Object.keys(WINDOW_FIELDS), []);
  if (
    problems.length === 0 &&
    !Object.keys(WINDOW_FIELDS).some((f) => isRecord((data as Record<string, unknown>)[f]))
  ) {
    problems.push('must report at least one window or the sunroof');
  }
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

const toInstant = (timestamp: string) => new Date(timestamp).toISOString();

/** Reads each opening field into the read; two spellings of one field that disagree are noted. */
function readOpenings(
  data: Record<string, unknown>,
  fields: Readonly<Record<string, StatusField>>,
  read: VendorStatusRead,
): void {
  const seen = new Map<StatusField, { name: string; value: ClosureState; at: string }>();
  for (const [name, field] of Object.entries(fields)) {
    const resource = data[name] as VolvoResource | undefined;
    if (!resource) continue;
    const value = OPENING[resource.value] ?? 'unknown';
    const at = toInstant(resource.timestamp);
    const earlier = seen.get(field);
    if (earlier && (earlier.value !== value || earlier.at !== at)) {
      read.contradictions.push(`${earlier.name} and ${name} disagree`);
    }
    seen.set(field, { name, value, at });
    read.fieldTimes[field] = at;
    if (field.startsWith('window_') || field === 'sunroof') {
      read.windows[field as keyof VendorStatusRead['windows']] = value;
    } else {
      read.closures[field as keyof VendorStatusRead['closures']] = value;
    }
  }
}

/** The status read a doors response is: stamped when the central lock was read, each field with its own time. */
export function volvoDoorsStatus(data: Record<string, unknown>): VendorStatusRead {
  const centralLock = data.centralLock as VolvoResource;
  const statusTimestamp = toInstant(centralLock.timestamp);
  const read: VendorStatusRead = {
    statusTimestamp,
    centralLock: CENTRAL_LOCK[centralLock.value] ?? 'UNKNOWN',
    closures: {},
    windows: {},
    fieldTimes: { centralLock: statusTimestamp },
    contradictions: [],
  };
  readOpenings(data, DOOR_FIELDS, read);
  return read;
}

/**
 * A windows response adds no central lock reading: it is recorded with the lock as last known
 * (UNKNOWN, stamped with its oldest window) and counts only through its windows' own times.
 */
export function volvoWindowsStatus(data: Record<string, unknown>): VendorStatusRead {
  const read: VendorStatusRead = {
    statusTimestamp: '',
    centralLock: 'UNKNOWN',
    closures: {},
    windows: {},
    fieldTimes: {},
    contradictions: [],
  };
  readOpenings(data, WINDOW_FIELDS, read);
  const times = Object.values(read.fieldTimes).sort();
  return { ...read, statusTimestamp: times[0]! };
}
