import type { DomainEvent } from '../shared/message.js';

/** Stream `vehicle-{vehicleId}`: which customer's car it is, with its plate. */
export const vehicleStreamId = (vehicleId: string): string => `vehicle-${vehicleId}`;

export interface VehiclePhoto {
  readonly sha256: string;
  readonly ref: string;
}

export type VehicleLinked = DomainEvent<
  'VehicleLinked',
  {
    vehicleId: string;
    customerId: string;
    plate: string;
    make: string;
    model: string;
    colour: string;
    photo: VehiclePhoto | null;
  }
>;
export type VehicleUnlinked = DomainEvent<
  'VehicleUnlinked',
  { vehicleId: string; customerId: string; reason: string }
>;

export type VehicleEvent = VehicleLinked | VehicleUnlinked;
export type VehicleEventType = VehicleEvent['type'];

export const VEHICLE_EVENT_SCHEMA_VERSIONS: Record<VehicleEventType, number> = {
  VehicleLinked: 1,
  VehicleUnlinked: 1,
};

export const isVehicleEventType = (type: string): type is VehicleEventType =>
  Object.hasOwn(VEHICLE_EVENT_SCHEMA_VERSIONS, type);
