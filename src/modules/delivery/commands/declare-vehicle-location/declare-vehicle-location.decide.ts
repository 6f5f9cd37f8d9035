import { revokeActiveGrants } from '../../../../domain/delivery/active-grants.js';
import type { DeclareVehicleLocation } from '../../../../domain/delivery/delivery.commands.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { outsideCircle } from '../../../../domain/delivery/vehicle-position.js';

/**
 * The customer says where the car stands. A car moved outside a grant's geofence is no longer where
 * that grant may open it: the grant is revoked (`vehicle_moved`) in the same append.
 */
export function declareVehicleLocation(
  command: DeclareVehicleLocation,
  state: DeliveryState,
): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  const { now } = command.metadata;
  const { position } = command.data;
  const movedAway = revokeActiveGrants(state, now, 'vehicle_moved').filter((revoked) =>
    outsideCircle(state.grants[revoked.data.grantId]!.grant.geofence, position),
  );
  return [
    { type: 'VehicleLocationDeclared', data: { ...command.data, declaredAt: now } },
    ...movedAway,
  ];
}
