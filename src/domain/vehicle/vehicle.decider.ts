import { DomainError } from '../shared/domain-error.js';
import type { Command } from '../shared/message.js';
import type { VehicleEvent, VehicleLinked } from './vehicle.events.js';

export type LinkVehicle = Command<'LinkVehicle', VehicleLinked['data']>;
export type UnlinkVehicle = Command<'UnlinkVehicle', { vehicleId: string; reason: string }>;
export type VehicleCommand = LinkVehicle | UnlinkVehicle;

/** Who the car belongs to now, and what it was linked with. */
export interface VehicleState {
  readonly link: VehicleLinked['data'] | null;
}

export const initialVehicleState = (): VehicleState => ({ link: null });

export function evolveVehicle(state: VehicleState, event: VehicleEvent): VehicleState {
  switch (event.type) {
    case 'VehicleLinked':
      return { link: event.data };
    case 'VehicleUnlinked':
      return { link: null };
  }
}

export class VehicleLinkedToAnotherCustomer extends DomainError {
  constructor(vehicleId: string) {
    super(
      'VEHICLE.LINKED_ELSEWHERE',
      `Vehicle ${vehicleId} is linked to another customer: unlink it first`,
      'conflict',
      { vehicleId },
    );
  }
}

/**
 * No car of that id is linked, or (to a customer) none is linked to them: a customer is answered the
 * same either way, so the answer never tells whether someone else's car exists.
 */
export class VehicleNotLinked extends DomainError {
  constructor(vehicleId: string) {
    super(
      'VEHICLE.NOT_FOUND',
      `No vehicle ${vehicleId} is linked to a customer you act for`,
      'not_found',
      { vehicleId },
    );
  }
}

/** Personal fields may be null where a key was destroyed: such a link never equals a new one. */
const sameLink = (a: VehicleLinked['data'], b: VehicleLinked['data']): boolean =>
  a.customerId === b.customerId &&
  a.plate === b.plate &&
  a.make === b.make &&
  a.model === b.model &&
  a.colour === b.colour &&
  (a.driveSide ?? 'left') === (b.driveSide ?? 'left') &&
  a.photo?.sha256 === b.photo?.sha256 &&
  a.photo?.ref === b.photo?.ref;

export function decideVehicle(command: VehicleCommand, state: VehicleState): VehicleEvent[] {
  switch (command.type) {
    case 'LinkVehicle': {
      const { link } = state;
      if (link && link.customerId !== command.data.customerId)
        throw new VehicleLinkedToAnotherCustomer(command.data.vehicleId);
      if (link && sameLink(link, command.data)) return [];
      return [{ type: 'VehicleLinked', data: command.data }];
    }
    case 'UnlinkVehicle': {
      const { link } = state;
      if (!link) throw new VehicleNotLinked(command.data.vehicleId);
      return [
        {
          type: 'VehicleUnlinked',
          data: {
            vehicleId: command.data.vehicleId,
            customerId: link.customerId,
            reason: command.data.reason,
          },
        },
      ];
    }
  }
}
