import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import {
  deliveryKeyScope,
  type KeyScope,
  keyScopeName,
  legacyVehicleKeyScope,
  parseKeyScope,
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
});
