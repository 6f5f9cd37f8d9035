import { addSeconds, type Instant, isAfter, toMillis } from '../shared/instant.js';
import type { TimeRules } from '../shared/time-rules.js';
import type { StatusJudgement, VehicleStatusReported } from './delivery.events.js';
import type { DeliveryState } from './delivery.state.js';
import type {
  Closure,
  DeliveryTarget,
  LockVerdict,
  StatusField,
  Window,
} from './delivery.vocabulary.js';
import { handBackAt } from './hand-back.js';
import { clockOffsetEstimate, clockSample, isInFuture } from './source-clock.js';
import { mergeReadings, type Readings, readingsOf } from './status-readings.js';

/** How long after the last closure closed the car must be confirmed locked (LockConfirmationOverdue). */
export const LOCK_CONFIRMATION_DUE_SECONDS = 120;

export type LockStatusRead = Omit<
  VehicleStatusReported['data'],
  'lockVerdict' | 'judgement' | 'raw'
>;

/** The closures a delivery opens; a read must show these closed, not merely unreported. */
export const TARGET_CLOSURES: Record<DeliveryTarget, readonly Closure[]> = {
  trunk: ['trunk'],
  cabin: ['front_left', 'front_right', 'rear_left', 'rear_right'],
};

/** A cabin delivery reaches into the car: every side window must be known closed too. */
const TARGET_WINDOWS: Record<DeliveryTarget, readonly Window[]> = {
  trunk: [],
  cabin: ['window_front_left', 'window_front_right', 'window_rear_left', 'window_rear_right'],
};

const UNKNOWN_VALUES = new Set(['unknown', 'UNKNOWN']);

/** The fields a confirmation relies on: the central lock, the target's closures and windows, any window reported. */
function reliedOnFields(target: DeliveryTarget, readings: Readings): StatusField[] {
  const reportedWindows = (Object.keys(readings) as StatusField[]).filter(
    (f) => f.startsWith('window_') || f === 'sunroof',
  );
  return [
    ...new Set<StatusField>([
      'centralLock',
      ...TARGET_CLOSURES[target],
      ...TARGET_WINDOWS[target],
      ...reportedWindows,
    ]),
  ];
}

export interface LockJudgement {
  readonly verdict: LockVerdict;
  readonly judgement: StatusJudgement;
}

/**
 * A lock is confirmed only when every field it relies on was read by the car after the lock command
 * (in the car's clock, corrected by its estimated offset, within a tolerance), no longer ago than the
 * rules allow, showing the central lock LOCKED and nothing open. A read stamped in the future or
 * contradicting itself confirms nothing. Fields are merged over reads: each keeps its own time.
 */
export function judgeLockStatus(
  state: DeliveryState,
  read: LockStatusRead,
  now: Instant,
  rules: TimeRules,
): LockJudgement {
  const fields = readingsOf(read);
  const newest = fields.reduce<Instant>(
    (latest, [, r]) => (isAfter(r.at, latest) ? r.at : latest),
    read.statusTimestamp,
  );
  const offset = clockOffsetEstimate(state, 'vehicle', rules);
  const ageOf = (at: Instant) => clockSample(now, at) + offset;
  const base: StatusJudgement = {
    anchor: null,
    clockOffsetS: offset,
    toleranceS: rules.lockAnchorToleranceS,
    field: null,
    fieldAt: null,
    clockSampleS: null,
  };
  const future = fields.find(([, r]) => isInFuture(now, r.at, rules));
  if (future) {
    return {
      verdict: 'timestamp_in_future',
      judgement: { ...base, field: future[0], fieldAt: future[1].at },
    };
  }
  if (read.contradictions.length > 0) return { verdict: 'contradictory_payload', judgement: base };

  const sampled: StatusJudgement = {
    ...base,
    clockSampleS: ageOf(newest) <= rules.maxStatusAgeS ? clockSample(now, newest) : null,
  };
  const request = state.lockRequest;
  if (!request) return { verdict: 'no_lock_request', judgement: sampled };
  // Handed back: the owner's own locking and unlocking confirm nothing of the courier's session.
  if (state.lockConfirmation?.commandId === request.commandId || handBackAt(state) !== null) {
    return { verdict: 'already_confirmed', judgement: sampled };
  }
  const anchor: NonNullable<StatusJudgement['anchor']> =
    request.acknowledgedAt !== null
      ? {
          kind: 'carmaker_acknowledgement',
          at: addSeconds(request.acknowledgedAt, -rules.lockAnchorToleranceS),
        }
      : {
          kind: 'lock_request_corrected',
          at: addSeconds(request.requestedAt, offset - rules.lockAnchorToleranceS),
        };
  const readings = mergeReadings(state.readings, read);
  const judged = (verdict: LockVerdict, field: StatusField | null = null): LockJudgement => ({
    verdict,
    judgement: {
      ...sampled,
      anchor,
      field,
      fieldAt: field === null ? null : (readings[field]?.at ?? null),
    },
  });

  const target = state.delivery?.target ?? 'trunk';
  const relied = reliedOnFields(target, readings);
  const missing = relied.find((f) => readings[f] === undefined);
  if (missing) return judged('closure_unknown', missing);
  const stale = relied.find((f) => ageOf(readings[f]!.at) > rules.maxStatusAgeS);
  if (stale) return judged('status_stale', stale);
  const early = relied.find((f) => toMillis(readings[f]!.at) <= toMillis(anchor.at));
  if (early) return judged('status_before_lock_command', early);
  if (readings.centralLock!.value !== 'LOCKED') {
    return judged(
      UNKNOWN_VALUES.has(readings.centralLock!.value) ? 'closure_unknown' : 'not_locked',
      'centralLock',
    );
  }
  const open = (Object.keys(readings) as StatusField[]).find((f) => readings[f]!.value === 'open');
  if (open) return judged('closure_open', open);
  const unknown = relied.find((f) => UNKNOWN_VALUES.has(readings[f]!.value));
  if (unknown) return judged('closure_unknown', unknown);
  return judged('confirmed');
}
