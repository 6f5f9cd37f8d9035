import { addSeconds } from '../../../../domain/shared/instant.js';
import { DEFAULT_TIME_RULES } from '../../../../domain/shared/time-rules.js';
import type { PlacePackage } from '../../../../domain/delivery/delivery.commands.js';
import { PackageIdTaken } from '../../../../domain/delivery/delivery.errors.js';
import type { DeliveryEvent } from '../../../../domain/delivery/delivery.events.js';
import { refusedWhenClosed } from '../../../../domain/delivery/delivery.refusals.js';
import type { DeliveryState } from '../../../../domain/delivery/delivery.state.js';
import { geotagBeyondGeofence } from '../../../../domain/delivery/geotag-distance.js';

const DAY_S = 86_400;

/**
 * A drop receipt as taken on the courier's device: its photo's digest, capturedAt and geotag. The
 * image may follow within the grace period, unless the ledger already holds it.
 */
export function placePackage(command: PlacePackage, state: DeliveryState): DeliveryEvent[] {
  const closed = refusedWhenClosed(command, state);
  if (closed) return closed;
  const { photoHeld, ...drop } = command.data;
  if (state.packages[drop.packageId]) throw new PackageIdTaken(drop.packageId);
  const fences = Object.values(state.grants).map((g) => g.grant.geofence);
  const { photoLateDays } = command.metadata.timeRules ?? DEFAULT_TIME_RULES;
  const held = photoHeld || state.photos[drop.photo.sha256]?.attached === true;
  return [
    {
      type: 'PackagePlaced',
      data: {
        ...drop,
        geotagBeyondGeofenceM: geotagBeyondGeofence(drop.photo.geotag, fences),
        photoDueBy: held ? null : addSeconds(command.metadata.now, photoLateDays * DAY_S),
      },
    },
  ];
}
