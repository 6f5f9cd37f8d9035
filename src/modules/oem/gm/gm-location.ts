import { expectInstant, isRecord, type PayloadProblems } from '../vendor-payload.js';
import { expectInRange, headingOf, numberIn, type VendorPositionRead } from '../vendor-position.js';

/**
 * OnStar's answer to the `location` command, as the OnStarJS client library receives it: a
 * commandResponse of type `location`, `success`, completed at `completionTime`, whose body carries
 * `location: { lat, long }` and `direction: { value }` as decimal text.
 */
export function checkGmLocation(value: unknown): PayloadProblems {
  if (!isRecord(value)) return ['must be the commandResponse object'];
  const problems: PayloadProblems = [];
  if (value.type !== 'location') problems.push('type: must be location');
  if (value.status !== 'success')
    problems.push('status: must be success (only it carries a position)');
  expectInstant(problems, 'completionTime', value.completionTime);
  const location = isRecord(value.body) ? value.body.location : undefined;
  if (!isRecord(location)) {
    problems.push('body.location: must be { lat, long }');
  } else {
    expectInRange(problems, 'body.location.lat', location.lat, 'latitude', 'number or text');
    expectInRange(problems, 'body.location.long', location.long, 'longitude', 'number or text');
  }
  const direction = isRecord(value.body) ? value.body.direction : undefined;
  if (isRecord(direction) && direction.value !== undefined && direction.value !== null)
    expectInRange(problems, 'body.direction.value', direction.value, 'heading', 'number or text');
  return problems;
}

/** The position a checked location response states, at the command's completion by OnStar's clock. */
export function gmPosition(response: Record<string, unknown>): VendorPositionRead {
  const body = response.body as { location: { lat: unknown; long: unknown }; direction?: unknown };
  const direction = isRecord(body.direction) ? body.direction.value : null;
  return {
    position: { lat: numberIn(body.location.lat)!, lon: numberIn(body.location.long)! },
    positionAt: new Date(response.completionTime as string).toISOString(),
    heading: headingOf(direction),
  };
}
