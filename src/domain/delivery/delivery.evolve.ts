import { isAfter } from '../shared/instant.js';
import type { Instant } from '../shared/instant.js';
import { strongerOutcome } from './command-outcome.js';
import type {
  ClosureFact,
  DeliveryEvent,
  PackagePlaced,
  VehicleStatusReported,
  VendorCommandResultData,
} from './delivery.events.js';
import {
  type DeliveryState,
  type DropPhotoState,
  type GrantState,
  isClosed,
  type VehicleCommandState,
} from './delivery.state.js';
import { type CommandOutcome, EVIDENCE_ONLY_VERDICTS } from './delivery.vocabulary.js';
import { withClockSample } from './source-clock.js';
import { mergeReadings, readingsOf } from './status-readings.js';
import { withVehiclePosition } from './vehicle-position.js';

const later = (current: Instant | null, candidate: Instant): Instant =>
  current !== null && !isAfter(candidate, current) ? current : candidate;

function withGrant(
  state: DeliveryState,
  grantId: string,
  change: (grant: GrantState) => GrantState,
): DeliveryState {
  const grant = state.grants[grantId];
  return grant ? { ...state, grants: { ...state.grants, [grantId]: change(grant) } } : state;
}

const withPhoto = (
  state: DeliveryState,
  sha256: string,
  change: (photo: DropPhotoState) => DropPhotoState,
): DeliveryState =>
  state.photos[sha256]
    ? { ...state, photos: { ...state.photos, [sha256]: change(state.photos[sha256]) } }
    : state;

/** A drop names its photo's digest: the first drop of a digest sets its grace period. */
function withDropPhoto(state: DeliveryState, drop: PackagePlaced['data']): DeliveryState {
  const { sha256 } = drop.photo;
  const known = state.photos[sha256];
  const photo: DropPhotoState = known
    ? { ...known, packageIds: [...known.packageIds, drop.packageId] }
    : {
        packageIds: [drop.packageId],
        dueBy: drop.photoDueBy,
        attached: drop.photoDueBy === null,
        overdue: false,
      };
  return { ...state, photos: { ...state.photos, [sha256]: photo } };
}

const mayUnlock = (outcome: CommandOutcome) => outcome === 'succeeded' || outcome === 'ambiguous';

/**
 * An unlock's result decides whether it spent its grant: a failed one (the car did not run it) frees
 * a grant it held, a succeeded or ambiguous one may have unlocked the car and is watched until the
 * car is known locked again.
 */
function withUnlockResult(
  state: DeliveryState,
  command: VehicleCommandState,
  result: VendorCommandResultData,
  outcome: CommandOutcome,
): DeliveryState {
  const { [command.commandId]: _dropped, ...others } = state.unlockedBy;
  const unlockedBy = mayUnlock(result.outcome)
    ? { ...state.unlockedBy, [command.commandId]: command.requestedAt }
    : outcome === 'failed'
      ? others
      : state.unlockedBy;
  const freed =
    outcome === 'failed' && command.grantId !== null
      ? withGrant(state, command.grantId, (g) =>
          g.usedBy === command.commandId ? { ...g, usedBy: null } : g,
        )
      : state;
  return {
    ...freed,
    unlockedBy,
    lockConfirmation: mayUnlock(result.outcome) ? null : state.lockConfirmation,
  };
}

function withCommandResult(state: DeliveryState, result: VendorCommandResultData): DeliveryState {
  const command = state.commands[result.commandId];
  if (!command) return state;
  const outcome = strongerOutcome(command.outcome, result.outcome);
  const acknowledgedAt = result.timeVerdict ? null : (result.carmakerTimes?.requestTime ?? null);
  const lockRequest =
    state.lockRequest?.commandId === result.commandId && acknowledgedAt !== null
      ? { ...state.lockRequest, acknowledgedAt: state.lockRequest.acknowledgedAt ?? acknowledgedAt }
      : state.lockRequest;
  const recorded: DeliveryState = {
    ...state,
    commands: { ...state.commands, [result.commandId]: { ...command, outcome } },
    lockRequest,
  };
  return command.kind === 'unlock'
    ? withUnlockResult(recorded, command, result, outcome)
    : recorded;
}

function withClosureFact(
  state: DeliveryState,
  fact: ClosureFact,
  value: 'open' | 'closed',
): DeliveryState {
  const { closure, vehicleTimestamp } = fact;
  return {
    ...state,
    closures: { ...state.closures, [closure]: value },
    closureTimes: {
      ...state.closureTimes,
      [closure]: later(state.closureTimes[closure] ?? null, vehicleTimestamp),
    },
  };
}

/** Closed with a lock confirmation holding: the car is the owner's again from that read on, for good. */
const handedBack = (state: DeliveryState): DeliveryState =>
  (state.handedBack ?? null) === null && state.lockConfirmation !== null
    ? { ...state, handedBack: { at: state.lockConfirmation.statusTimestamp } }
    : state;

const UNSECURED = new Set(['UNLOCKED', 'open']);

/** A read that counts: its fields become the latest known, and it may undo a confirmation it postdates. */
function withStatusRead(state: DeliveryState, read: VehicleStatusReported['data']): DeliveryState {
  if (EVIDENCE_ONLY_VERDICTS.has(read.lockVerdict)) return state;
  const confirmation = state.lockConfirmation;
  const invalidates =
    confirmation !== null &&
    readingsOf(read).some(
      ([, reading]) =>
        UNSECURED.has(reading.value) && isAfter(reading.at, confirmation.statusTimestamp),
    );
  return withClockSample(
    {
      ...state,
      readings: mergeReadings(state.readings, read),
      lastStatusTimestamp: later(state.lastStatusTimestamp, read.statusTimestamp),
      lockConfirmation: invalidates ? null : confirmation,
    },
    'vehicle',
    read.judgement?.clockSampleS ?? null,
  );
}

export function evolveDelivery(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  switch (event.type) {
    case 'DeliveryScheduled':
      return { ...state, phase: 'open', delivery: event.data };
    case 'InCarDeliveryBlocked':
      return { ...state, inCarBlocked: true, inCarBlockedBy: event.data.blockedBy };
    case 'InCarDeliveryAllowed':
      return { ...state, inCarBlocked: false, inCarBlockedBy: null };
    case 'AccessGranted':
      return {
        ...state,
        grants: {
          ...state.grants,
          [event.data.grantId]: {
            grant: event.data,
            revokedFor: null,
            expired: false,
            usedBy: null,
          },
        },
      };
    case 'AccessRevoked':
      return withGrant(state, event.data.grantId, (g) => ({ ...g, revokedFor: event.data.reason }));
    case 'GrantExpired':
      return withGrant(state, event.data.grantId, (g) => ({ ...g, expired: true }));
    case 'UnlockRequested': {
      const requested = {
        ...state,
        seenNonces: { ...state.seenNonces, [event.data.nonce]: true as const },
        commands: {
          ...state.commands,
          [event.data.commandId]: {
            commandId: event.data.commandId,
            kind: 'unlock' as const,
            deniedFor: null,
            outcome: null,
            grantId: event.data.grantId,
            requestedAt: event.data.requestedAt,
          },
        },
      };
      // The request claims the grant only if nothing holds it: a request refused as grant_used must
      // not take the claim from the unlock that used it (its UnlockDenied would then free the grant).
      return withGrant(requested, event.data.grantId, (g) =>
        g.usedBy === null ? { ...g, usedBy: event.data.commandId } : g,
      );
    }
    case 'UnlockDenied': {
      const command = state.commands[event.data.commandId];
      const denied: DeliveryState = command
        ? {
            ...state,
            commands: {
              ...state.commands,
              [command.commandId]: { ...command, deniedFor: event.data.reason },
            },
          }
        : state;
      return withGrant(denied, event.data.grantId, (g) =>
        g.usedBy === event.data.commandId ? { ...g, usedBy: null } : g,
      );
    }
    case 'UnlockCommandResult':
    case 'LockCommandResult':
      return withCommandResult(state, event.data);
    case 'ClosureOpened':
      if (event.data.timeVerdict) return state;
      return { ...withClosureFact(state, event.data, 'open'), lockConfirmation: null };
    case 'ClosureClosed':
      if (event.data.timeVerdict) return state;
      // The owner's own closing after the hand-back owes no lock confirmation.
      if (event.data.attributedTo) return withClosureFact(state, event.data, 'closed');
      return {
        ...withClosureFact(state, event.data, 'closed'),
        lastClosureClosedAt: later(state.lastClosureClosedAt, event.data.vehicleTimestamp),
      };
    case 'PackagePlaced':
      return {
        ...withDropPhoto(state, event.data),
        packages: { ...state.packages, [event.data.packageId]: true },
      };
    case 'PhotoAttached':
      return withPhoto(state, event.data.sha256, (p) => ({ ...p, attached: true }));
    case 'PhotoUploadOverdue':
      return withPhoto(state, event.data.sha256, (p) => ({ ...p, overdue: true }));
    case 'DeliveryCancelled':
      return { ...state, phase: 'cancelled' };
    case 'LockRequested':
      return {
        ...state,
        lockRequest: {
          commandId: event.data.commandId,
          requestedAt: event.data.requestedAt,
          acknowledgedAt: null,
        },
        commands: {
          ...state.commands,
          [event.data.commandId]: {
            commandId: event.data.commandId,
            kind: 'lock',
            deniedFor: null,
            outcome: null,
            grantId: null,
            requestedAt: event.data.requestedAt,
          },
        },
      };
    case 'VehicleStatusReported':
      return withStatusRead(state, event.data);
    case 'LockConfirmed': {
      const confirmed: DeliveryState = {
        ...state,
        lockConfirmation: {
          commandId: event.data.commandId,
          statusTimestamp: event.data.statusTimestamp,
        },
        unlockedBy: {},
        leftUnlocked: null,
      };
      return isClosed(state) ? handedBack(confirmed) : confirmed;
    }
    case 'CarRelocked': {
      const freed = new Set(event.data.unlockCommandIds);
      const grants = Object.fromEntries(
        Object.entries(state.grants).map(([id, g]) => [
          id,
          g.usedBy !== null && freed.has(g.usedBy) ? { ...g, usedBy: null } : g,
        ]),
      );
      return { ...state, grants, unlockedBy: {}, leftUnlocked: null };
    }
    case 'CarLeftUnlocked': {
      const { unlockedSince, dueAt, lockCommandId } = event.data;
      return { ...state, leftUnlocked: { unlockedSince, dueAt, lockCommandId } };
    }
    case 'DeliveryCompleted':
      return handedBack({ ...state, phase: 'completed' });
    case 'DeliveryFailed':
      return handedBack({ ...state, phase: 'failed' });
    case 'LockConfirmationOverdue':
      return { ...state, overdueFlaggedFor: event.data.lastClosedAt };
    case 'VehicleLocationDeclared':
      return withVehiclePosition(state, {
        position: event.data.position,
        at: event.data.declaredAt,
        source: 'declared',
      });
    case 'VehiclePositionReported':
      if (event.data.timeVerdict) return state;
      return withVehiclePosition(state, {
        position: event.data.position,
        at: event.data.positionAt,
        source: 'reported',
      });
    case 'CourierApproaching':
    case 'CommandRefused':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export const foldDelivery = (
  events: readonly DeliveryEvent[],
  from: DeliveryState,
): DeliveryState => events.reduce(evolveDelivery, from);
