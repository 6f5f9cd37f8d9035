import { isAfter } from '../shared/instant.js';
import type { Instant } from '../shared/instant.js';
import { strongerOutcome } from './command-outcome.js';
import type { DeliveryEvent, VendorCommandResultData } from './delivery.events.js';
import type { DeliveryState, GrantState } from './delivery.state.js';

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

function withCommandResult(state: DeliveryState, result: VendorCommandResultData): DeliveryState {
  const command = state.commands[result.commandId];
  if (!command) return state;
  const outcome = strongerOutcome(command.outcome, result.outcome);
  const mayHaveUnlocked =
    command.kind === 'unlock' && (result.outcome === 'succeeded' || result.outcome === 'ambiguous');
  return {
    ...state,
    commands: { ...state.commands, [result.commandId]: { ...command, outcome } },
    lockConfirmation: mayHaveUnlocked ? null : state.lockConfirmation,
  };
}

export function evolveDelivery(state: DeliveryState, event: DeliveryEvent): DeliveryState {
  switch (event.type) {
    case 'DeliveryScheduled':
      return { ...state, phase: 'open', delivery: event.data };
    case 'InCarDeliveryBlocked':
      return { ...state, inCarBlocked: true };
    case 'InCarDeliveryAllowed':
      return { ...state, inCarBlocked: false };
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
      return {
        ...state,
        closures: { ...state.closures, [event.data.closure]: 'open' },
        lockConfirmation: null,
      };
    case 'ClosureClosed':
      return {
        ...state,
        closures: { ...state.closures, [event.data.closure]: 'closed' },
        lastClosureClosedAt: later(state.lastClosureClosedAt, event.data.vehicleTimestamp),
      };
    case 'PackagePlaced':
      return { ...state, packages: { ...state.packages, [event.data.packageId]: true } };
    case 'LockRequested':
      return {
        ...state,
        lockRequest: { commandId: event.data.commandId, requestedAt: event.data.requestedAt },
        commands: {
          ...state.commands,
          [event.data.commandId]: {
            commandId: event.data.commandId,
            kind: 'lock',
            deniedFor: null,
            outcome: null,
          },
        },
      };
    case 'VehicleStatusReported': {
      const confirmation = state.lockConfirmation;
      const showsOpen =
        event.data.centralLock === 'UNLOCKED' ||
        Object.values(event.data.closures).some((s) => s === 'open');
      const invalidates =
        confirmation !== null &&
        showsOpen &&
        isAfter(event.data.statusTimestamp, confirmation.statusTimestamp);
      return {
        ...state,
        lastStatusTimestamp: later(state.lastStatusTimestamp, event.data.statusTimestamp),
        lockConfirmation: invalidates ? null : confirmation,
      };
    }
    case 'LockConfirmed':
      return {
        ...state,
        lockConfirmation: {
          commandId: event.data.commandId,
          statusTimestamp: event.data.statusTimestamp,
        },
      };
    case 'DeliveryCompleted':
      return { ...state, phase: 'completed' };
    case 'DeliveryFailed':
      return { ...state, phase: 'failed' };
    case 'LockConfirmationOverdue':
      return { ...state, overdueFlaggedFor: event.data.lastClosedAt };
    case 'VehicleLocationDeclared':
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
