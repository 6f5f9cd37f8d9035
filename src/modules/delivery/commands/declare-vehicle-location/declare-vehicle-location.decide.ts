import type { DeclareVehicleLocation } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';

export function declareVehicleLocation(
  command: DeclareVehicleLocation,
  state: DeliveryState,
): DeliveryEvent[] {
  return (
    refusedWhenClosed(command, state) ?? [{ type: 'VehicleLocationDeclared', data: command.data }]
  );
}
