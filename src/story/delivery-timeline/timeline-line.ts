import type {
  BlockerRole,
  Closure,
  LockEvidence,
  LockVerdict,
  RevocationReason,
  SourceTimeVerdict,
  StatusField,
  UnlockDenialReason,
  Vendor,
} from '../../domain/delivery/delivery.vocabulary.js';
import { BLOCKER_NAMES } from '../../domain/delivery/in-car-block.js';
import type { Instant } from '../../domain/shared/instant.js';
import { millisOf, secondsBetween } from '../delivery-story/bounded-time.js';
import { courierAtCar, type DeliveryStory } from '../delivery-story/delivery-story.js';
import { attributionOfFact } from '../delivery-story/attribution.js';
import { eventTime, type LedgerEvent } from '../delivery-story/ledger-event.js';

const VENDOR_NAMES: Record<Vendor, string> = { volvo: 'Volvo', gm: 'GM OnStar', tesla: 'Tesla' };

const CLOSURE_NAMES: Record<Closure, string> = {
  trunk: 'Trunk',
  frunk: 'Front trunk',
  front_left: 'Front left door',
  front_right: 'Front right door',
  rear_left: 'Rear left door',
  rear_right: 'Rear right door',
};

const WINDOW_NAMES: Record<Exclude<StatusField, Closure | 'centralLock'>, string> = {
  window_front_left: 'front left window',
  window_front_right: 'front right window',
  window_rear_left: 'rear left window',
  window_rear_right: 'rear right window',
  sunroof: 'sunroof',
};

const fieldName = (field: StatusField): string =>
  field === 'centralLock'
    ? 'central lock'
    : field in CLOSURE_NAMES
      ? CLOSURE_NAMES[field as Closure].toLowerCase()
      : WINDOW_NAMES[field as keyof typeof WINDOW_NAMES];

const EVIDENCE: Record<LockEvidence, string> = {
  status_observed: 'observed in a status read of the car',
  command_acknowledged: 'acknowledged by the carmaker for its lock command (no status read exists)',
};

const TIME_VERDICTS: Record<SourceTimeVerdict, string> = {
  timestamp_in_future: 'stamped ahead of the ledger’s clock: recorded as evidence, changes nothing',
  superseded: 'older than what was already known: recorded as history, changes nothing',
};

const DENIALS: Record<UnlockDenialReason, string> = {
  blocked: 'the customer blocked in-car delivery',
  no_grant: 'no grant allows it',
  courier_mismatch: 'the courier is not the one on the grant',
  replayed_nonce: 'its nonce was used before (a replay)',
  vehicle_outside_area:
    'the car’s last known position is outside the customer’s reference area or the grant’s geofence',
  revoked: 'the grant was revoked',
  expired: 'the grant had expired',
  not_yet_valid: 'the grant was not valid yet',
  grant_used: 'the single-use grant was already used',
  outside_geofence: 'the courier was outside the geofence',
};

const REVOCATIONS: Record<RevocationReason, string> = {
  customer_blocked: 'the customer blocked in-car delivery',
  cancelled: 'the delivery was cancelled',
  expired: 'it expired',
  security: 'security',
  vehicle_moved: 'the car was declared moved outside its geofence',
};

/** Who made the block in place; a story stored before blocks named their maker does not say (null). */
const blockMakerOf = (story: DeliveryStory): BlockerRole | null =>
  story.state.inCarBlockedBy ?? null;

/** A denial for a block names who made it. */
const denial = (before: DeliveryStory, reason: UnlockDenialReason): string => {
  const blockedBy = blockMakerOf(before);
  return reason === 'blocked' && blockedBy !== null
    ? `${BLOCKER_NAMES[blockedBy]} blocked in-car delivery`
    : DENIALS[reason];
};

/** A block's revocations (reason `customer_blocked`, whoever blocked) name who made the block. */
const revocation = (before: DeliveryStory, reason: RevocationReason): string => {
  const blockedBy = blockMakerOf(before);
  return reason === 'customer_blocked' && blockedBy !== null
    ? `${BLOCKER_NAMES[blockedBy]} blocked in-car delivery`
    : REVOCATIONS[reason];
};

const VERDICTS: Record<LockVerdict, string> = {
  confirmed: 'confirms the lock',
  no_lock_request: 'no lock was requested yet',
  already_confirmed: 'the lock was already confirmed',
  status_before_lock_command: 'does not confirm the lock: stamped before the lock command',
  not_locked: 'does not confirm the lock: not locked',
  closure_open: 'does not confirm the lock: a closure is open',
  closure_unknown: 'does not confirm the lock: a closure or window it relies on is not reported',
  timestamp_in_future:
    'confirms nothing: stamped ahead of the ledger’s clock (recorded as evidence, changes nothing)',
  status_stale: 'does not confirm the lock: a field it relies on was read too long ago',
  contradictory_payload:
    'confirms nothing: the payload contradicts itself (recorded as evidence, changes nothing)',
};

const OWNERS_READ =
  'the owner’s own use: read after the delivery ended with its lock confirmed, blames no courier';

/** Who asked for a lock, where it was not the delivery service. */
const REQUESTED_BY: Partial<Record<string, string>> = {
  system: ' by the ledger',
  customer: ' by the customer',
  admin: ' by an admin',
};

/** A failed unlock frees the single-use grant it held: the car did not run it. */
function freedBy(before: DeliveryStory, event: LedgerEvent, afterStory: DeliveryStory): string {
  if (event.type !== 'UnlockCommandResult') return '';
  const grantId = before.state.commands[event.data.commandId]?.grantId;
  if (!grantId) return '';
  const [was, now] = [before.state.grants[grantId], afterStory.state.grants[grantId]];
  return was?.grant.singleUse && was.usedBy === event.data.commandId && now?.usedBy === null
    ? `; the car did not run it: grant ${grantId} may be used again`
    : '';
}

const TIME_OF_DAY = /T(\d{2}:\d{2}:\d{2})/;

/** 14:02:11 (UTC), as investigators read times off the timeline; any other text as it is. */
export const clock = (instant: Instant): string => TIME_OF_DAY.exec(instant)?.[1] ?? instant;

/** 2026-11-25, or +275760-09-13 for a moment stored with an extended year. */
const day = (instant: Instant): string => instant.split('T')[0] ?? instant;

/** A photo's digest as lines show it: its first 12 hex digits. */
const digest = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/** 36 s, 3 min 8 s, 2 h 5 min */
export function spoken(seconds: number): string {
  const total = Number.isFinite(seconds) ? Math.round(Math.abs(seconds)) : 0;
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`;
  return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} min`;
}

/** How long between two moments, whichever comes first. */
export const duration = (fromInstant: Instant, toInstant: Instant): string =>
  spoken(Math.max(secondsBetween(fromInstant, toInstant), secondsBetween(toInstant, fromInstant)));

function after(at: Instant, since: Instant | null, what: string): string {
  const [sinceMs, atMs] = [since === null ? null : millisOf(since), millisOf(at)];
  return since !== null && sinceMs !== null && atMs !== null && sinceMs <= atMs
    ? `, ${duration(since, at)} after ${what}`
    : '';
}

/**
 * One plain-language line per event, without personal data (no place, no name), so that every role
 * may read it. `before` is the delivery's story before the event, `after` the story after it.
 */
export function timelineLine(
  before: DeliveryStory,
  event: LedgerEvent,
  afterStory: DeliveryStory,
): string {
  const at = eventTime(event);
  const time = clock(at);
  const owners = attributionOfFact(before.state, event) === 'owner';
  switch (event.type) {
    case 'DeliveryScheduled': {
      const d = event.data;
      const expected = d.packages ? `; ${d.packages.length} package(s) expected` : '';
      const again = d.previousDeliveryId ? `; re-delivery of ${d.previousDeliveryId}` : '';
      return `Delivery scheduled into the ${d.target} of vehicle ${d.vehicleId} (${VENDOR_NAMES[d.vendor]}), window ${clock(d.window.from)}–${clock(d.window.to)} UTC on ${day(d.window.from)}${expected}${again}`;
    }
    case 'VehicleLocationDeclared':
      return `Vehicle location declared at ${time}`;
    case 'InCarDeliveryBlocked':
      return `In-car delivery blocked by ${BLOCKER_NAMES[event.data.blockedBy]} at ${time}`;
    case 'InCarDeliveryAllowed':
      return `In-car delivery allowed again by ${BLOCKER_NAMES[event.data.liftedBy]} at ${time}`;
    case 'CourierApproaching':
      return `Courier ${event.data.courierId} on the way, expected at ${clock(event.data.eta)}`;
    case 'AccessGranted': {
      const g = event.data;
      return `Courier ${g.courierId} granted ${g.singleUse ? 'single-use' : 'repeated'} ${g.scope} access ${clock(g.notBefore)}–${clock(g.notAfter)} within ${g.geofence.radiusM} m of the car`;
    }
    case 'AccessRevoked':
      return `Grant ${event.data.grantId} revoked: ${revocation(before, event.data.reason)}`;
    case 'UnlockRequested':
      return `Courier ${event.data.courierId} asked to unlock at ${time} (command ${event.data.commandId})`;
    case 'UnlockDenied':
      return `Unlock denied: ${denial(before, event.data.reason)}`;
    case 'UnlockCommandResult':
    case 'LockCommandResult': {
      const r = event.data;
      const kind = event.type === 'UnlockCommandResult' ? 'unlock' : 'lock';
      const name = r.vendorCommand ? ` (${r.vendorCommand})` : '';
      const late = r.timeVerdict ? `; ${TIME_VERDICTS[r.timeVerdict]}` : '';
      return `${VENDOR_NAMES[r.vendor]} answers the ${kind} command${name}: ${r.vendorStatus} (${r.outcome}) at ${time}${late}${freedBy(before, event, afterStory)}`;
    }
    case 'ClosureOpened': {
      if (event.data.timeVerdict) {
        return `${CLOSURE_NAMES[event.data.closure]} reported opened at ${time}: ${TIME_VERDICTS[event.data.timeVerdict]}`;
      }
      const courier = courierAtCar(before.state);
      const by = owners ? ' by the owner' : courier ? ` by courier ${courier}` : '';
      if (owners) return `${CLOSURE_NAMES[event.data.closure]} opened${by} at ${time}`;
      return `${CLOSURE_NAMES[event.data.closure]} opened${by} at ${time}${after(at, before.times.unlockedAt, 'unlock')}`;
    }
    case 'ClosureClosed': {
      if (event.data.timeVerdict) {
        return `${CLOSURE_NAMES[event.data.closure]} reported closed at ${time}: ${TIME_VERDICTS[event.data.timeVerdict]}`;
      }
      const openedAt = before.openedAt[event.data.closure] ?? null;
      const by = owners ? ' by the owner' : '';
      return `${CLOSURE_NAMES[event.data.closure]} closed${by} at ${time}${openedAt ? `, open ${duration(openedAt, at)}` : ''}`;
    }
    case 'PackagePlaced': {
      const due = event.data.photoDueBy;
      const upload = due ? `; photo to be uploaded by ${clock(due)} UTC on ${day(due)}` : '';
      return `Package ${event.data.packageId} placed at ${time}, photo ${digest(event.data.photo.sha256)} taken at ${clock(event.data.photo.capturedAt)}${upload}`;
    }
    case 'PhotoAttached':
      return `Photo ${digest(event.data.sha256)} uploaded at ${time}, matching the digest recorded for package ${event.data.packageIds.join(', ')}`;
    case 'PhotoUploadOverdue':
      return `No photo uploaded for package ${event.data.packageIds.join(', ')} by ${clock(event.data.dueBy)} UTC on ${day(event.data.dueBy)} (photo ${digest(event.data.sha256)} recorded at the drop)`;
    case 'DeliveryCancelled':
      return `Delivery cancelled at ${time}`;
    case 'LockRequested':
      return `Lock requested${REQUESTED_BY[event.metadata.actor.role] ?? ''} at ${clock(event.data.requestedAt)} (command ${event.data.commandId})`;
    case 'VehicleStatusReported': {
      const s = event.data;
      const open = [...Object.entries(s.closures), ...Object.entries(s.windows)]
        .filter(([, state]) => state === 'open')
        .map(([field]) => fieldName(field as StatusField));
      const doors = open.length > 0 ? `${open.join(', ')} open` : 'all reported closures closed';
      const reportsLock = Object.keys(s.fieldTimes).length === 0 || 'centralLock' in s.fieldTimes;
      const lock = reportsLock ? `${s.centralLock.toLowerCase()}, ` : '';
      const j = s.judgement;
      const turnedOn =
        j?.field && s.lockVerdict !== 'confirmed'
          ? ` (${fieldName(j.field)}${j.fieldAt ? ` read at ${clock(j.fieldAt)}` : ''}${j.anchor ? `, lock command at ${clock(j.anchor.at)} by the car’s clock` : ''})`
          : '';
      const verdict = owners ? OWNERS_READ : `${VERDICTS[s.lockVerdict]}${turnedOn}`;
      return `${VENDOR_NAMES[s.vendor]} status at ${time}: ${lock}${doors} — ${verdict}`;
    }
    case 'VehiclePositionReported': {
      const p = event.data;
      const late = p.timeVerdict ? `: ${TIME_VERDICTS[p.timeVerdict]}` : '';
      return `${VENDOR_NAMES[p.vendor]} reports the car’s position, fixed at ${clock(p.positionAt)}${late}`;
    }
    case 'LockConfirmed': {
      const stood =
        afterStory.unlockedSeconds > 0
          ? `; the car stood unlocked ${spoken(afterStory.unlockedSeconds)}`
          : '';
      return `Lock confirmed by ${VENDOR_NAMES[event.data.vendor]} at ${time}, ${EVIDENCE[event.data.evidence]}${after(at, before.times.lockRequestedAt, 'the lock request')}${stood}; the courier may leave`;
    }
    case 'DeliveryCompleted':
      return `Delivery completed at ${time}`;
    case 'DeliveryFailed':
      return `Delivery failed at ${time}: ${event.data.reason} (fallback: ${event.data.fallback.replace('_', ' ')})`;
    case 'GrantExpired':
      return `Grant ${event.data.grantId} expired at ${clock(event.data.notAfter)}`;
    case 'LockConfirmationOverdue':
      return `No lock confirmation within 120 s of the last closing at ${clock(event.data.lastClosedAt)} (due ${clock(event.data.dueAt)})`;
    case 'CarRelocked': {
      const grants =
        event.data.grantIds.length > 0
          ? `: grant ${event.data.grantIds.join(', ')} may be used again`
          : '';
      return `The car locked itself again at ${time} with nothing opened since unlock ${event.data.unlockCommandIds.join(', ')}${grants}`;
    }
    case 'CarLeftUnlocked': {
      const d = event.data;
      return `Car left unlocked: unlocked since ${clock(d.unlockedSince)} (command ${d.unlockCommandIds.join(', ')}) and no lock confirmed by ${clock(d.dueAt)}; the ledger asked for a lock (command ${d.lockCommandId})`;
    }
    case 'CommandRefused':
      return `Refused at ${time}: ${event.data.message} (${event.data.code})`;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
