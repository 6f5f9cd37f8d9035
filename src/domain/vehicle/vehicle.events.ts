import type { DomainEvent } from '../shared/message.js';

/** Stream `vehicle-{vehicleId}`: which customer's car it is, with its plate. */
export const vehicleStreamId = (vehicleId: string): string => `vehicle-${vehicleId}`;

export interface VehiclePhoto {
  readonly sha256: string;
  readonly ref: string;
}

/** Which side of the car the driver sits on: Tesla's driver/passenger flags depend on it. */
export const DRIVE_SIDES = ['left', 'right'] as const;
export type DriveSide = (typeof DRIVE_SIDES)[number];

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
    /** v2: the driver's side; a v1 link, which does not say, is a left-hand-drive car. */
    driveSide?: DriveSide;
  }
>;
export type VehicleUnlinked = DomainEvent<
  'VehicleUnlinked',
  { vehicleId: string; customerId: string; reason: string }
>;

export type VehicleEvent = VehicleLinked | VehicleUnlinked;
export type VehicleEventType = VehicleEvent['type'];

export const VEHICLE_EVENT_SCHEMA_VERSIONS: Record<VehicleEventType, number> = {
  VehicleLinked: 2,
  VehicleUnlinked: 1,
};

export const isVehicleEventType = (type: string): type is VehicleEventType =>
  Object.hasOwn(VEHICLE_EVENT_SCHEMA_VERSIONS, type);
