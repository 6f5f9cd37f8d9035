import type { DeclareVehicleLocation } from '../delivery.commands.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';

export function declareVehicleLocation(
  command: DeclareVehicleLocation,
  state: DeliveryState,
): DeliveryEvent[] {
  return (
    refusedWhenClosed(command, state) ?? [{ type: 'VehicleLocationDeclared', data: command.data }]
  );
}
