import { describe, expect, it } from '@jest/globals';

import { fromStoredEvent, UnknownSchemaVersionError } from './delivery.upcasters.js';

const stored = (type: string, schemaVersion: number, data: object) => ({
  type,
  data,
  metadata: {
    schemaVersion,
    streamId: 'delivery-d-1',
    occurredAt: '2026-11-25T14:05:00.000Z',
    recordedAt: '2026-11-25T14:05:00.120Z',
  },
});

describe('reading events stored in an older schema version', () => {
  it('reads LockRequested v1 (PRODUCT.md’s shape) with the time it was recorded as requestedAt', () => {
    expect(fromStoredEvent(stored('LockRequested', 1, { commandId: 'cmd-lock-1' }))).toEqual({
      type: 'LockRequested',
      data: { commandId: 'cmd-lock-1', requestedAt: '2026-11-25T14:05:00.120Z' },
    });
  });

  it('reads UnlockRequested v1 with the time it was recorded as requestedAt', () => {
    const v1 = {
      grantId: 'g-1',
      courierId: 'c-1',
      courierPosition: { lat: 59.3293, lon: 18.0686 },
      commandId: 'cmd-unlock-1',
      nonce: 'n-1',
    };
    expect(fromStoredEvent(stored('UnlockRequested', 1, v1))).toEqual({
      type: 'UnlockRequested',
      data: { ...v1, requestedAt: '2026-11-25T14:05:00.120Z' },
    });
  });

  it('reads VehicleLocationDeclared v1 with the time it was recorded as declaredAt', () => {
    const position = { lat: 59.3293, lon: 18.0686 };
    expect(
      fromStoredEvent(stored('VehicleLocationDeclared', 1, { description: 'Garage P2', position })),
    ).toEqual({
      type: 'VehicleLocationDeclared',
      data: { description: 'Garage P2', position, declaredAt: '2026-11-25T14:05:00.120Z' },
    });
  });

  it('reads CourierApproaching v1 without a courier name', () => {
    expect(
      fromStoredEvent(
        stored('CourierApproaching', 1, { courierId: 'c-1', eta: '2026-11-25T14:00:00.000Z' }),
      ),
    ).toEqual({
      type: 'CourierApproaching',
      data: { courierId: 'c-1', eta: '2026-11-25T14:00:00.000Z', courierName: null },
    });
  });

  it('reads the current version as it is', () => {
    const current = { commandId: 'cmd-lock-1', requestedAt: '2026-11-25T14:04:59.000Z' };
    expect(fromStoredEvent(stored('LockRequested', 2, current)).data).toEqual(current);
  });

  it('refuses a version it cannot read, and a type it does not know', () => {
    expect(() => fromStoredEvent(stored('LockRequested', 3, {}))).toThrow(
      UnknownSchemaVersionError,
    );
    expect(() => fromStoredEvent(stored('AccessGranted', 0, {}))).toThrow(
      UnknownSchemaVersionError,
    );
    expect(() => fromStoredEvent(stored('CarTeleported', 1, {}))).toThrow(/Unknown event type/);
  });
});
