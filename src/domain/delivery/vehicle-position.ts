import { distanceInMetres, type GeoPoint, isGeoPoint } from '../shared/geo-point.js';
import { type Instant, isAfter } from '../shared/instant.js';
import type { TimeRules } from '../shared/time-rules.js';
import type { Geofence } from './delivery.events.js';
import type { DeliveryState, GrantState, VehiclePosition } from './delivery.state.js';
import { clockSample } from './source-clock.js';

/**
 * Whether a position lies outside a circle (great-circle distance, haversine). A centre whose key was
 * destroyed cannot be checked: it counts as outside, so that nothing is waved through.
 */
export function outsideCircle(circle: Geofence, position: GeoPoint): boolean {
  if (!isGeoPoint(circle.center) || !isGeoPoint(position)) return true;
  return distanceInMetres(position, circle.center) > circle.radiusM;
}

/** The state with a newer position of the car; an older one changes nothing. */
export function withVehiclePosition(
  state: DeliveryState,
  candidate: VehiclePosition,
): DeliveryState {
  const known = state.vehiclePosition;
  return known !== null && !isAfter(candidate.at, known.at)
    ? state
    : { ...state, vehiclePosition: candidate };
}

/** The car's latest known position, if it is no older than the rules allow; an older one is not used. */
export function freshVehiclePosition(
  state: DeliveryState,
  now: Instant,
  rules: TimeRules,
): GeoPoint | null {
  const known = state.vehiclePosition;
  if (known === null || clockSample(now, known.at) > rules.maxVehiclePositionAgeS) return null;
  // A position whose key was destroyed is no longer known.
  return isGeoPoint(known.position) ? known.position : null;
}

/**
 * The car stands where it may not be opened: its fresh position lies outside the customer's reference
 * area or outside the grant's geofence. Without a fresh position only the courier's is checked.
 */
export function vehicleOutsideArea(
  state: DeliveryState,
  grant: GrantState,
  now: Instant,
  rules: TimeRules,
): boolean {
  const position = freshVehiclePosition(state, now, rules);
  if (position === null) return false;
  const area = state.delivery?.referenceArea;
  return (
    (area !== undefined && outsideCircle(area, position)) ||
    outsideCircle(grant.grant.geofence, position)
  );
}
