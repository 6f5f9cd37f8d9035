import { describe, expect, it } from '@jest/globals';

import type { Role } from '../shared/actor.js';
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
  it('reads a v1 block and lift as made by the role of their envelope’s actor', () => {
    const by = (role: Role) => ({
      metadata: { ...stored('x', 1, {}).metadata, actor: { id: 'a-1', role } },
    });
    const block = { customerId: 'cust-1', reason: null };
    expect(
      fromStoredEvent({ ...stored('InCarDeliveryBlocked', 1, block), ...by('delivery-service') })
        .data,
    ).toEqual({ ...block, blockedBy: 'delivery-service' });
    expect(
      fromStoredEvent({
        ...stored('InCarDeliveryAllowed', 1, { customerId: 'cust-1' }),
        ...by('admin'),
      }).data,
    ).toEqual({
      customerId: 'cust-1',
      liftedBy: 'admin',
      reason: null,
    });
    // Before anyone else could block, a block was the customer's.
    expect(fromStoredEvent(stored('InCarDeliveryBlocked', 1, block)).data).toEqual({
      ...block,
      blockedBy: 'customer',
    });
  });

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

  it('reads PackagePlaced v1 and v2 as drops whose photo was held when recorded (no grace period)', () => {
    const photo = {
      sha256: 'ab'.repeat(32),
      ref: 'r',
      capturedAt: '2026-11-25T14:01:00.000Z',
      geotag: null,
    };
    expect(fromStoredEvent(stored('PackagePlaced', 1, { packageId: 'p-1', photo })).data).toEqual({
      packageId: 'p-1',
      photo,
      geotagBeyondGeofenceM: null,
      photoDueBy: null,
    });
    expect(
      fromStoredEvent(
        stored('PackagePlaced', 2, { packageId: 'p-1', photo, geotagBeyondGeofenceM: 12 }),
      ).data,
    ).toEqual({ packageId: 'p-1', photo, geotagBeyondGeofenceM: 12, photoDueBy: null });
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
