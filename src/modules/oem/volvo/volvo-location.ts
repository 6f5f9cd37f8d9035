import { expectInstant, isRecord, type PayloadProblems } from '../vendor-payload.js';
import { expectInRange, headingOf, numberIn, type VendorPositionRead } from '../vendor-position.js';

/**
 * Volvo Location API, `GET /location/v1/vehicles/{vin}/location`: a GeoJSON Feature whose Point has
 * coordinates `[longitude, latitude, altitude?]` (GeoJSON's order) and whose properties say when the
 * position was fixed (`timestamp`) and the heading in degrees (`heading`, sent as text).
 */
export function checkVolvoLocation(data: unknown): PayloadProblems {
  if (!isRecord(data)) return ['must be the location Feature'];
  const problems: PayloadProblems = [];
  if (data.type !== 'Feature') problems.push('type: must be Feature');
  const geometry = data.geometry;
  const coordinates = isRecord(geometry) ? geometry.coordinates : undefined;
  if (
    !isRecord(geometry) ||
    geometry.type !== 'Point' ||
    !Array.isArray(coordinates) ||
    coordinates.length < 2 ||
    coordinates.length > 3
  ) {
    problems.push('geometry: must be a Point with coordinates [longitude, latitude, altitude?]');
  } else {
    expectInRange(problems, 'geometry.coordinates[0]', coordinates[0], 'longitude');
    expectInRange(problems, 'geometry.coordinates[1]', coordinates[1], 'latitude');
  }
  const properties = data.properties;
  if (!isRecord(properties)) {
    problems.push('properties: must be { timestamp, heading }');
  } else {
    expectInstant(problems, 'properties.timestamp', properties.timestamp);
    if (properties.heading !== undefined && properties.heading !== null)
      expectInRange(
        problems,
        'properties.heading',
        properties.heading,
        'heading',
        'number or text',
      );
  }
  return problems;
}

/** The position a checked location Feature states. */
export function volvoPosition(data: Record<string, unknown>): VendorPositionRead {
  const [lon, lat] = (data.geometry as { coordinates: unknown[] }).coordinates;
  const properties = data.properties as { timestamp: string; heading?: unknown };
  return {
    position: { lat: numberIn(lat)!, lon: numberIn(lon)! },
    positionAt: new Date(properties.timestamp).toISOString(),
    heading: headingOf(properties.heading),
  };
}
