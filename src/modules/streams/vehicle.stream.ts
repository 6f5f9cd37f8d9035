import {
  decideVehicle,
  evolveVehicle,
  VehicleNotLinked,
  initialVehicleState,
  type VehicleCommand,
  type VehicleState,
} from '../../domain/vehicle/vehicle.decider.js';
import {
  VEHICLE_EVENT_SCHEMA_VERSIONS,
  type VehicleEvent,
  type VehicleLinked,
  vehicleStreamId,
} from '../../domain/vehicle/vehicle.events.js';
import { HttpProblem } from '../../http/error-body.js';
import { vehicleKeyScope } from '../../privacy/data-key.js';
import type { StreamKind } from './stream-kind.js';

/** `vehicle-{vehicleId}`: a car linked to its customer, plate and photo sealed with their key. */
export const vehicleStream: StreamKind<VehicleCommand, VehicleEvent, VehicleState> = {
  streamId: vehicleStreamId,
  initialState: initialVehicleState,
  evolve: evolveVehicle,
  decide: decideVehicle,
  schemaVersions: VEHICLE_EVENT_SCHEMA_VERSIONS,
  idempotent: false,
  owner: {
    // An unlinked car has no owner: the decider answers it (404).
    customerOf: (state, command) =>
      command.type === 'LinkVehicle'
        ? (command.data as VehicleLinked['data']).customerId
        : (state.link?.customerId ?? null),
    // Only the delivery service links; a customer's reach for another's car is answered as no car.
    notYours: (vehicleId, command) =>
      command.type === 'LinkVehicle'
        ? new HttpProblem(403, 'ACCESS.NOT_YOURS', 'Linking a car is the delivery service’s job')
        : new VehicleNotLinked(vehicleId),
  },
  dataKeyOf: (vehicleId, event) => ({
    scope: vehicleKeyScope(vehicleId, event.data.customerId),
    customerId: event.data.customerId,
  }),
};
