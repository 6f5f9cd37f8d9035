import { geotagBeyondGeofence } from '../../../domain/delivery/geotag-distance.js';
import { isAfter } from '../../../domain/shared/instant.js';
import { plusSeconds } from '../../delivery-story/bounded-time.js';
import { type AnomalyRule, finding } from '../anomaly.js';

/** Slack for the phone's clock and GPS against the car's. */
const CLOCK_SLACK_SECONDS = 60;
const GEOTAG_SLACK_METRES = 100;

/** The drop photo was taken outside the delivery session: before the unlock, after the drop, or away from the car. */
export const photoOutsideSession: AnomalyRule = {
  code: 'photo_outside_session',
  rule: `The package photo was taken more than ${CLOCK_SLACK_SECONDS} s before the unlock or after the drop, or more than ${GEOTAG_SLACK_METRES} m outside the geofence`,
  detect(before, event) {
    if (event.type !== 'PackagePlaced') return null;
    const { capturedAt, geotag } = event.data.photo;
    const sessionStart = before.times.unlockedAt;
    const droppedAt = event.metadata.occurredAt;
    const problems: string[] = [];
    if (sessionStart === null) problems.push('the car was never unlocked');
    else if (isAfter(sessionStart, plusSeconds(capturedAt, CLOCK_SLACK_SECONDS)))
      problems.push('taken before the unlock');
    if (isAfter(capturedAt, plusSeconds(droppedAt, CLOCK_SLACK_SECONDS)))
      problems.push('taken after the drop');
    // The geotag is sealed in the ledger: the decider measured it (v2); a v1 event had it in clear.
    const beyond =
      event.data.geotagBeyondGeofenceM ??
      geotagBeyondGeofence(
        geotag,
        Object.values(before.state.grants).map((g) => g.grant.geofence),
      );
    if (beyond !== null && beyond > GEOTAG_SLACK_METRES) problems.push('taken away from the car');
    return problems.length > 0
      ? finding(this, 'medium', `Photo ${problems.join(', ')}`, event)
      : null;
  },
};
