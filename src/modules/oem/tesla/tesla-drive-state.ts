import { isAcceptedEpochMillis } from '../../../domain/shared/time-rules.js';
import { isRecord, type PayloadProblems } from '../vendor-payload.js';
import { expectInRange, headingOf, numberIn, type VendorPositionRead } from '../vendor-position.js';

/**
 * Tesla `vehicle_data` with `endpoints=location_data`: `drive_state` carries `latitude`, `longitude`,
 * `heading`, `gps_as_of` (epoch seconds: when the GPS fixed the position) and `timestamp` (epoch ms:
 * when the state was read). The fix time is the position's time; the read time stands in without it.
 */
export function checkTeslaDriveState(value: unknown): PayloadProblems {
  if (!isRecord(value) || !isRecord(value.drive_state)) {
    return ['drive_state: must be the drive_state object'];
  }
  const state = value.drive_state;
  const problems: PayloadProblems = [];
  expectInRange(problems, 'drive_state.latitude', state.latitude, 'latitude');
  expectInRange(problems, 'drive_state.longitude', state.longitude, 'longitude');
  if (state.heading !== undefined && state.heading !== null)
    expectInRange(problems, 'drive_state.heading', state.heading, 'heading');
  const fixedAt = state.gps_as_of;
  if (
    fixedAt !== undefined &&
    (typeof fixedAt !== 'number' || !isAcceptedEpochMillis(fixedAt * 1000))
  )
    problems.push('drive_state.gps_as_of: must be epoch seconds between 2000-01-01 and 2100-01-01');
  const readAt = state.timestamp;
  if (readAt !== undefined && (typeof readAt !== 'number' || !isAcceptedEpochMillis(readAt)))
    problems.push(
      'drive_state.timestamp: must be epoch milliseconds between 2000-01-01 and 2100-01-01',
    );
  if (fixedAt === undefined && readAt === undefined)
    problems.push('drive_state: must say when (gps_as_of or timestamp)');
  return problems;
}

/** The position a checked drive_state states, at its GPS fix time. */
export function teslaPosition(driveState: Record<string, unknown>): VendorPositionRead {
  const millis =
    typeof driveState.gps_as_of === 'number'
      ? driveState.gps_as_of * 1000
      : (driveState.timestamp as number);
  return {
    position: { lat: numberIn(driveState.latitude)!, lon: numberIn(driveState.longitude)! },
    positionAt: new Date(millis).toISOString(),
    heading: headingOf(driveState.heading),
  };
}
