import type { PlacePackage } from '../../../../domain/delivery/delivery.commands.js';
import { PackageIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { geotagBeyondGeofence } from '../../../../domain/delivery/geotag-distance.js';

export function placePackage(command: PlacePackage, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  if (state.packages[command.data.packageId]) throw new PackageIdTaken(command.data.packageId);
  const fences = Object.values(state.grants).map((g) => g.grant.geofence);
  return [
    {
      type: 'PackagePlaced',
      data: {
        ...command.data,
        geotagBeyondGeofenceM: geotagBeyondGeofence(command.data.photo.geotag, fences),
      },
    },
  ];
}
