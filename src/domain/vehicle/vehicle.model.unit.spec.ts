import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import {
  checkDeciderModel,
  MODEL_RUNS,
  modelMetadata,
} from '../../../test/support/decider-model.js';
import {
  decideVehicle,
  evolveVehicle,
  initialVehicleState,
  type VehicleCommand,
} from './vehicle.decider.js';
import type { VehicleEvent, VehicleLinked } from './vehicle.events.js';

const metadata = modelMetadata({ id: 'delivery-system', role: 'delivery-service' });
const vehicleId = 'v-1';

const commands: fc.Arbitrary<VehicleCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        customerId: fc.constantFrom('cust-a', 'cust-b'),
        plate: fc.constantFrom('ABC123', 'XYZ789'),
        colour: fc.constantFrom('blue', 'red'),
      })
      .map(({ customerId, plate, colour }): VehicleCommand => ({
        type: 'LinkVehicle',
        data: { vehicleId, customerId, plate, make: 'Volvo', model: 'XC40', colour, photo: null },
        metadata,
      })),
  },
  {
    weight: 1,
    arbitrary: fc.constant<VehicleCommand>({
      type: 'UnlinkVehicle',
      data: { vehicleId, reason: 'sold' },
      metadata,
    }),
  },
);

/** The link in force, told from the events alone. */
const linkIn = (events: readonly VehicleEvent[]): VehicleLinked['data'] | null =>
  events.reduce<VehicleLinked['data'] | null>(
    (link, event) => (event.type === 'VehicleLinked' ? event.data : null),
    null,
  );

describe('vehicle links under random sequences (model-based)', () => {
  it(`keep one customer per car at a time, over ${MODEL_RUNS} random sequences`, () => {
    let handovers = 0;
    const { stored, refused } = checkDeciderModel(
      { initial: initialVehicleState, decide: decideVehicle, evolve: evolveVehicle },
      commands,
      ({ command, before, decided, refused: refusal }) => {
        const link = linkIn(before);
        if (command.type === 'LinkVehicle') {
          const other = link !== null && link.customerId !== command.data.customerId;
          // A car never passes to another customer without being unlinked first.
          expect(refusal).toBe(other ? 'VEHICLE.LINKED_ELSEWHERE' : null);
          const same = JSON.stringify(link) === JSON.stringify(command.data);
          expect(decided).toEqual(
            other || same ? [] : [{ type: 'VehicleLinked', data: command.data }],
          );
        } else {
          expect(refusal).toBe(link ? null : 'VEHICLE.NOT_FOUND');
          // The unlink names the customer it was linked to.
          if (link) {
            expect(decided).toEqual([
              {
                type: 'VehicleUnlinked',
                data: { vehicleId, customerId: link.customerId, reason: 'sold' },
              },
            ]);
            if (
              before.some(
                (e) => e.type === 'VehicleLinked' && e.data.customerId !== link.customerId,
              )
            )
              handovers += 1;
          }
        }
      },
    );
    console.log(
      `model: vehicle, ${MODEL_RUNS} sequences, ${stored} steps stored events, ${refused} refused, ${handovers} unlinks after a handover`,
    );
    expect(stored).toBeGreaterThan(MODEL_RUNS * 3);
    expect(refused).toBeGreaterThan(MODEL_RUNS);
    expect(handovers).toBeGreaterThan(MODEL_RUNS / 10);
  });
});
