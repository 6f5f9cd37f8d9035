import { describe, expect, it } from '@jest/globals';

import { deciderSpecification } from '../../../test/support/decider-specification.js';
import {
  decideDevice,
  DeviceIdTaken,
  DeviceNotRegistered,
  deviceRefusal,
  DeviceValidityInvalid,
  evolveDevice,
  initialDeviceState,
  type RegisterDevice,
  type RevokeDevice,
} from './device.decider.js';
import type { DeviceEvent, DeviceRegistered } from './device.events.js';

const given = deciderSpecification({
  decide: decideDevice,
  evolve: evolveDevice,
  initialState: initialDeviceState,
});
const metadata = {
  now: '2026-11-25T12:00:00.000Z',
  actor: { id: 'ds-1', role: 'delivery-service' as const },
};
const registration = (
  overrides: Partial<DeviceRegistered['data']> = {},
): DeviceRegistered['data'] => ({
  deviceId: 'dev-1',
  courierId: 'c-1',
  algorithm: 'ed25519',
  publicKey: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=',
  notBefore: '2026-11-01T00:00:00.000Z',
  notAfter: '2027-11-01T00:00:00.000Z',
  ...overrides,
});
const register = (overrides: Partial<DeviceRegistered['data']> = {}): RegisterDevice => ({
  type: 'RegisterDevice',
  data: registration(overrides),
  metadata,
});
const revoke: RevokeDevice = {
  type: 'RevokeDevice',
  data: { deviceId: 'dev-1', reason: 'phone lost' },
  metadata,
};
const registered: DeviceEvent = { type: 'DeviceRegistered', data: registration() };
const revoked: DeviceEvent = {
  type: 'DeviceRevoked',
  data: { deviceId: 'dev-1', courierId: 'c-1', reason: 'phone lost' },
};

describe('device decider', () => {
  it('registers a courier device with its key and validity', () => {
    given([]).when(register()).then([registered]);
  });

  it('changes nothing when the same registration is sent again', () => {
    given([registered]).when(register()).thenNothingHappens();
    given([registered])
      .when(register({ notAfter: '2027-11-01T00:00:00Z' }))
      .thenNothingHappens();
  });

  it('refuses another key, courier or validity under a registered id (409)', () => {
    const otherKey = 'MCowBQYDK2VwAyEA' + 'A'.repeat(43) + '=';
    given([registered])
      .when(register({ publicKey: otherKey }))
      .thenThrows(DeviceIdTaken, 'DEVICE.ID_TAKEN');
    given([registered])
      .when(register({ courierId: 'c-2' }))
      .thenThrows(DeviceIdTaken, 'DEVICE.ID_TAKEN');
    given([registered])
      .when(register({ notAfter: '2028-01-01T00:00:00.000Z' }))
      .thenThrows(DeviceIdTaken);
    expect(new DeviceIdTaken('dev-1', 'x').status).toBe(409);
  });

  it('never registers a revoked id again, even with its old key', () => {
    given([registered, revoked]).when(register()).thenThrows(DeviceIdTaken, 'DEVICE.ID_TAKEN');
  });

  it('refuses a validity that ends before it begins (422)', () => {
    given([])
      .when(register({ notAfter: '2026-10-01T00:00:00.000Z' }))
      .thenThrows(DeviceValidityInvalid, 'DEVICE.INVALID_VALIDITY');
    given([])
      .when(register({ notAfter: '2026-11-01T00:00:00.000Z' }))
      .thenThrows(DeviceValidityInvalid);
  });

  it('revokes a registered device, naming its courier, and once only', () => {
    given([registered]).when(revoke).then([revoked]);
    given([registered, revoked]).when(revoke).thenNothingHappens();
  });

  it('refuses to revoke a device never registered (404)', () => {
    given([]).when(revoke).thenThrows(DeviceNotRegistered, 'DEVICE.NOT_FOUND');
  });

  describe('whether a device may sign at a moment', () => {
    const state = (...events: DeviceEvent[]) => events.reduce(evolveDevice, initialDeviceState());
    it('within its validity, while not revoked', () => {
      expect(deviceRefusal(state(registered), '2026-11-25T14:00:00.000Z')).toBeNull();
      expect(deviceRefusal(state(registered), '2027-11-01T00:00:00.000Z')).toBeNull();
    });
    it('not before, nor after, its validity', () => {
      expect(deviceRefusal(state(registered), '2026-10-31T23:59:59.000Z')).toBe('not_valid');
      expect(deviceRefusal(state(registered), '2027-11-01T00:00:01.000Z')).toBe('not_valid');
    });
    it('never once revoked, nor unregistered', () => {
      expect(deviceRefusal(state(registered, revoked), '2026-11-25T14:00:00.000Z')).toBe('revoked');
      expect(deviceRefusal(state(), '2026-11-25T14:00:00.000Z')).toBe('unknown');
    });
  });
});
