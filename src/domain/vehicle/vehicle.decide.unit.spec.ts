import { describe, expect, it } from '@jest/globals';

import {
  decideVehicle,
  evolveVehicle,
  initialVehicleState,
  type LinkVehicle,
  VehicleLinkedToAnotherCustomer,
  VehicleNotLinked,
  type VehicleState,
} from './vehicle.decider.js';
import type { VehicleEvent } from './vehicle.events.js';

const metadata = {
  now: '2026-11-25T12:00:00.000Z',
  actor: { id: 'ds-1', role: 'delivery-service' as const },
};
const link = (customerId = 'cust-1', plate = 'ABC 123'): LinkVehicle => ({
  type: 'LinkVehicle',
  data: {
    vehicleId: 'v-1',
    customerId,
    plate,
    make: 'Volvo',
    model: 'XC40',
    colour: 'blue',
    photo: null,
  },
  metadata,
});
const given = (...events: VehicleEvent[]): VehicleState =>
  events.reduce(evolveVehicle, initialVehicleState());

describe('vehicle decider', () => {
  it('links a car to its customer', () => {
    expect(decideVehicle(link(), given())).toEqual([{ type: 'VehicleLinked', data: link().data }]);
  });

  it('changes nothing when the same link is sent again, and records a changed plate', () => {
    const linked = given({ type: 'VehicleLinked', data: link().data });
    expect(decideVehicle(link(), linked)).toEqual([]);
    expect(decideVehicle(link('cust-1', 'XYZ 987'), linked)).toHaveLength(1);
  });

  it('refuses to link a car another customer holds, until it is unlinked', () => {
    const linked = given({ type: 'VehicleLinked', data: link().data });
    expect(() => decideVehicle(link('cust-2'), linked)).toThrow(VehicleLinkedToAnotherCustomer);
    const unlinked = given(
      { type: 'VehicleLinked', data: link().data },
      { type: 'VehicleUnlinked', data: { vehicleId: 'v-1', customerId: 'cust-1', reason: 'sold' } },
    );
    expect(decideVehicle(link('cust-2'), unlinked)).toHaveLength(1);
  });

  it('unlinks only a linked car', () => {
    const unlink = {
      type: 'UnlinkVehicle' as const,
      data: { vehicleId: 'v-1', reason: 'sold' },
      metadata,
    };
    expect(() => decideVehicle(unlink, given())).toThrow(VehicleNotLinked);
    expect(decideVehicle(unlink, given({ type: 'VehicleLinked', data: link().data }))).toEqual([
      { type: 'VehicleUnlinked', data: { vehicleId: 'v-1', customerId: 'cust-1', reason: 'sold' } },
    ]);
  });
});
