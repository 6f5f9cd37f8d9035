import { DomainError } from '../shared/domain-error.js';
import { isAfter } from '../shared/instant.js';
import type { Command } from '../shared/message.js';
import type { DeviceEvent, DeviceRegistered, DeviceRevoked } from './device.events.js';

export type RegisterDevice = Command<'RegisterDevice', DeviceRegistered['data']>;
export type RevokeDevice = Command<'RevokeDevice', { deviceId: string; reason: string }>;
export type DeviceCommand = RegisterDevice | RevokeDevice;

/** The device's registration, and whether it was revoked (for good: a new key takes a new id). */
export interface DeviceState {
  readonly registration: DeviceRegistered['data'] | null;
  readonly revoked: DeviceRevoked['data'] | null;
}

export const initialDeviceState = (): DeviceState => ({ registration: null, revoked: null });

export function evolveDevice(state: DeviceState, event: DeviceEvent): DeviceState {
  switch (event.type) {
    case 'DeviceRegistered':
      return { ...state, registration: event.data };
    case 'DeviceRevoked':
      return { ...state, revoked: event.data };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export class DeviceIdTaken extends DomainError {
  constructor(deviceId: string, why: string) {
    super(
      'DEVICE.ID_TAKEN',
      `Device ${deviceId} ${why}: register the new key under a new id`,
      'conflict',
      {
        deviceId,
      },
    );
  }
}

export class DeviceNotRegistered extends DomainError {
  constructor(deviceId: string) {
    super('DEVICE.NOT_FOUND', `No device ${deviceId} is registered`, 'not_found', { deviceId });
  }
}

export class DeviceValidityInvalid extends DomainError {
  constructor(deviceId: string) {
    super(
      'DEVICE.INVALID_VALIDITY',
      `Device ${deviceId}: notAfter must be later than notBefore`,
      'unprocessable',
      { deviceId },
    );
  }
}

const sameRegistration = (a: DeviceRegistered['data'], b: DeviceRegistered['data']): boolean =>
  a.courierId === b.courierId &&
  a.algorithm === b.algorithm &&
  a.publicKey === b.publicKey &&
  Date.parse(a.notBefore) === Date.parse(b.notBefore) &&
  Date.parse(a.notAfter) === Date.parse(b.notAfter);

export function decideDevice(command: DeviceCommand, state: DeviceState): DeviceEvent[] {
  switch (command.type) {
    case 'RegisterDevice': {
      const { registration, revoked } = state;
      const { deviceId, notBefore, notAfter } = command.data;
      if (revoked) throw new DeviceIdTaken(deviceId, 'was revoked');
      // The same registration sent again changes nothing; any other under this id would rewrite what a signature meant.
      if (registration && sameRegistration(registration, command.data)) return [];
      if (registration)
        throw new DeviceIdTaken(deviceId, 'is registered with another key, courier or validity');
      if (!isAfter(notAfter, notBefore)) throw new DeviceValidityInvalid(deviceId);
      return [{ type: 'DeviceRegistered', data: command.data }];
    }
    case 'RevokeDevice': {
      const { registration, revoked } = state;
      if (!registration) throw new DeviceNotRegistered(command.data.deviceId);
      if (revoked) return [];
      return [
        {
          type: 'DeviceRevoked',
          data: {
            deviceId: registration.deviceId,
            courierId: registration.courierId,
            reason: command.data.reason,
          },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** Why a device may not sign at `created`, or null when it may. */
export function deviceRefusal(
  state: DeviceState,
  created: string,
): 'unknown' | 'revoked' | 'not_valid' | null {
  const { registration, revoked } = state;
  if (!registration) return 'unknown';
  if (revoked) return 'revoked';
  const at = Date.parse(created);
  if (at < Date.parse(registration.notBefore) || at > Date.parse(registration.notAfter))
    return 'not_valid';
  return null;
}
