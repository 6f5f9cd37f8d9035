import { distanceInMetres, type GeoPoint, isGeoPoint } from '../shared/geo-point.js';
import type { Geofence } from './delivery.events.js';

/**
 * How far a geotag lies outside the nearest of the geofences, in whole metres (negative: inside);
 * null when there is no geotag or no geofence to measure from.
 */
export function geotagBeyondGeofence(
  geotag: GeoPoint | null,
  geofences: readonly Geofence[],
): number | null {
  if (!isGeoPoint(geotag)) return null;
  const distances = geofences
    .filter((fence) => isGeoPoint(fence.center))
    .map((fence) => distanceInMetres(geotag, fence.center) - fence.radiusM);
  return distances.length === 0 ? null : Math.round(Math.min(...distances));
}
