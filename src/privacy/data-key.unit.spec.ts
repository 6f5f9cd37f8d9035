import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import {
  courierKeyScope,
  deliveryKeyScope,
  type KeyScope,
  keyScopeName,
  legacyVehicleKeyScope,
  parseKeyScope,
  subjectKindOfScope,
  vehicleKeyScope,
} from './data-key.js';

/** Ids made mostly of the characters that could pass for separators or lengths. */
const id = fc.string({
  unit: fc.constantFrom(':', '/', '0', '1', '2', '6', 'a', 'v', 'z', 'é', '🚗'),
  maxLength: 8,
});

const scope: fc.Arbitrary<KeyScope> = fc.oneof(
  id.map((deliveryId) => ({ kind: 'delivery' as const, deliveryId })),
  fc.tuple(id, id).map(([vehicleId, customerId]) => ({
    kind: 'vehicle' as const,
    vehicleId,
    customerId,
  })),
  fc.tuple(id, id).map(([courierId, deliveryId]) => ({
    kind: 'courier' as const,
    courierId,
    deliveryId,
  })),
);

describe('key scope names', () => {
  it('never give two different scopes the same name', () => {
    fc.assert(
      fc.property(scope, scope, (a, b) => {
        if (keyScopeName(a) === keyScopeName(b)) expect(a).toEqual(b);
      }),
      { numRuns: 5000 },
    );
  });

  it('read back as the scope they name', () => {
    fc.assert(
      fc.property(scope, (a) => {
        expect(parseKeyScope(keyScopeName(a))).toEqual(a);
      }),
      { numRuns: 2000 },
    );
  });

  it("keep apart the issue's two links that shared `vehicle:car:vv:zz`", () => {
    expect(legacyVehicleKeyScope('car:vv', 'zz')).toBe(legacyVehicleKeyScope('car', 'vv:zz'));
    expect(vehicleKeyScope('car:vv', 'zz')).toBe('vehicle/6:car:vv/2:zz');
    expect(vehicleKeyScope('car', 'vv:zz')).toBe('vehicle/3:car/5:vv:zz');
  });

  it('keep the name a delivery scope always had, so its sealed fields still open', () => {
    expect(deliveryKeyScope('d-1:x')).toBe('delivery:d-1:x');
  });

  it('name no scope with an old vehicle name or a broken length', () => {
    expect(parseKeyScope('vehicle:car:vv:zz')).toBeNull();
    expect(parseKeyScope('vehicle/9:car/2:zz')).toBeNull();
    expect(parseKeyScope('vehicle/3:car')).toBeNull();
    expect(parseKeyScope('vehicle/03:car/2:zz')).toBeNull();
  });

  it("name a courier's scope apart from any customer's, whatever the ids hold", () => {
    expect(courierKeyScope('c:1', 'd-1')).toBe('courier/3:c:1/3:d-1');
    expect(courierKeyScope('c', '1/3:d-1')).toBe('courier/1:c/7:1/3:d-1');
    expect(deliveryKeyScope('courier/1:c/3:d-1')).not.toBe(courierKeyScope('c', 'd-1'));
    expect(subjectKindOfScope(courierKeyScope('c', 'd-1'))).toBe('courier');
    expect(subjectKindOfScope(deliveryKeyScope('courier/1:c/3:d-1'))).toBe('customer');
    expect(subjectKindOfScope(vehicleKeyScope('courier/1:c', 'x'))).toBe('customer');
    expect(parseKeyScope('courier/1:c')).toBeNull();
    expect(parseKeyScope('courier:c:d-1')).toBeNull();
  });

  it('tell whose data any scope seals: the courier only for a courier scope', () => {
    fc.assert(
      fc.property(scope, (a) => {
        expect(subjectKindOfScope(keyScopeName(a))).toBe(
          a.kind === 'courier' ? 'courier' : 'customer',
        );
      }),
      { numRuns: 2000 },
    );
  });
});
