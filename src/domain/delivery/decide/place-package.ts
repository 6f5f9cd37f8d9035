import type { PlacePackage } from '../delivery.commands.js';
import { PackageIdTaken } from '../delivery.errors.js';
import type { DeliveryEvent } from '../delivery.events.js';
import { refusedWhenClosed } from '../delivery.refusals.js';
import type { DeliveryState } from '../delivery.state.js';
import { geotagBeyondGeofence } from '../geotag-distance.js';

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
