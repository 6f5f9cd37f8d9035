import type { Actor } from '../shared/actor.js';
import { addSeconds, type Instant, isAfter } from '../shared/instant.js';
import type { Command } from '../shared/message.js';
import { type CasePolicy, DAY_S } from './case-policy.js';
import {
  CaseClosedAlready,
  CaseDoesNotCover,
  CaseEnded,
  CaseExpired,
  CaseIdTaken,
  CaseNeedsCompliance,
  CaseNotApproved,
  CaseNotFound,
  CaseNotYours,
  CaseSelfApproval,
  NotAnApprover,
} from './case.errors.js';
import type { CaseApproved, CaseEvent, CaseOpened } from './case.events.js';

export * from './case.errors.js';

type OpenTerms = Omit<CaseOpened['data'], 'investigatorId' | 'openedAt' | 'expiresAt'>;
export type OpenCase = Command<'OpenCase', OpenTerms & { policy: CasePolicy }>;
export type ApproveCase = Command<
  'ApproveCase',
  { caseId: string; reason: string; policy: CasePolicy }
>;
export type CloseCase = Command<'CloseCase', { caseId: string; resolution: string }>;
export type RecordEvidenceExport = Command<
  'RecordEvidenceExport',
  { caseId: string; format: string; sha256: string }
>;
export type CaseCommand = OpenCase | ApproveCase | CloseCase | RecordEvidenceExport;

export interface CaseState {
  readonly opened: CaseOpened['data'] | null;
  readonly approvals: readonly CaseApproved['data'][];
  readonly closed: boolean;
  /** Past this moment the case reveals nothing and its holds no longer bind. */
  readonly expiresAt: Instant | null;
}

/** Where a case stands at a moment: expiry is derived from the time, no event marks it. */
export type CaseStatus = 'pending' | 'approved' | 'expired' | 'closed';

/** The roles a second person may approve a case with. */
export const APPROVER_ROLES = ['investigator', 'supervisor', 'compliance'] as const;

export const initialCaseState = (): CaseState => ({
  opened: null,
  approvals: [],
  closed: false,
  expiresAt: null,
});

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { opened: event.data, approvals: [], closed: false, expiresAt: event.data.expiresAt };
    case 'CaseApproved':
      return {
        ...state,
        approvals: [...state.approvals, event.data],
        expiresAt: event.data.expiresAt,
      };
    case 'CaseClosed':
      return { ...state, closed: true };
    case 'EvidenceExported':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

export function caseStatusAt(state: CaseState, now: Instant): CaseStatus {
  if (state.closed) return 'closed';
  if (state.expiresAt !== null && !isAfter(state.expiresAt, now)) return 'expired';
  return state.approvals.length > 0 ? 'approved' : 'pending';
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

const sameTerms = (a: CaseOpened['data'], b: OpenTerms & { investigatorId: string }) =>
  a.caseId === b.caseId &&
  a.investigatorId === b.investigatorId &&
  a.reason === b.reason &&
  sameList(a.deliveryIds, b.deliveryIds) &&
  sameList(a.customerIds, b.customerIds);

const termEnd = (now: Instant, policy: CasePolicy): Instant =>
  addSeconds(now, policy.ttlDays * DAY_S);

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  const { actor, now } = command.metadata;
  switch (command.type) {
    case 'OpenCase': {
      const { policy, ...terms } = command.data;
      if (state.opened) {
        // The same request again (a retry) changes nothing; other terms under the same id are refused.
        if (sameTerms(state.opened, { ...terms, investigatorId: actor.id }) && !state.closed)
          return [];
        throw new CaseIdTaken(command.data.caseId);
      }
      const opened: CaseOpened['data'] = {
        ...terms,
        investigatorId: actor.id,
        openedAt: now,
        expiresAt: termEnd(now, policy),
      };
      return [{ type: 'CaseOpened', data: opened }];
    }
    case 'ApproveCase':
      return [{ type: 'CaseApproved', data: approval(command, state) }];
    case 'RecordEvidenceExport': {
      if (!state.opened) throw new CaseNotFound(command.data.caseId);
      mayWorkOn(state, command.data.caseId, actor);
      // A closed or expired case exports pseudonymised data; a pending one nothing.
      if (caseStatusAt(state, now) === 'pending') throw new CaseNotApproved(command.data.caseId);
      return [{ type: 'EvidenceExported', data: { ...command.data, exportedBy: actor.id } }];
    }
    case 'CloseCase': {
      if (!state.opened) throw new CaseNotFound(command.data.caseId);
      if (state.closed) return [];
      mayWorkOn(state, command.data.caseId, actor);
      return [
        {
          type: 'CaseClosed',
          data: {
            caseId: command.data.caseId,
            closedBy: actor.id,
            resolution: command.data.resolution,
          },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/**
 * A second person's approval: never the opener's; of a case still alive (a live approved case is
 * approved again to extend it); a case over more deliveries than the policy allows, by compliance only.
 */
function approval(command: ApproveCase, state: CaseState): CaseApproved['data'] {
  const { caseId, reason, policy } = command.data;
  const { actor, now } = command.metadata;
  if (!state.opened) throw new CaseNotFound(caseId);
  if (state.opened.investigatorId === actor.id) throw new CaseSelfApproval(caseId);
  const status = caseStatusAt(state, now);
  if (status === 'closed') throw new CaseEnded(caseId, 'closed', null);
  if (status === 'expired') throw new CaseEnded(caseId, 'expired', state.expiresAt);
  if (!(APPROVER_ROLES as readonly string[]).includes(actor.role))
    throw new NotAnApprover(caseId, actor.role);
  const deliveries = state.opened.deliveryIds.length;
  if (deliveries > policy.maxDeliveries && actor.role !== 'compliance')
    throw new CaseNeedsCompliance(caseId, deliveries, policy.maxDeliveries);
  return {
    caseId,
    approvedBy: actor.id,
    role: actor.role,
    reason,
    approvedAt: now,
    expiresAt: termEnd(now, policy),
  };
}

/** Only the investigator who opened a case works under it (an admin may close it). */
function mayWorkOn(state: CaseState, caseId: string, actor: Actor): void {
  if (actor.role === 'admin') return;
  if (state.opened?.investigatorId !== actor.id) throw new CaseNotYours(caseId);
}

/**
 * Whether the investigator may see a delivery's precise data under this case at `now`: it must be
 * theirs, open, approved by a second person, not expired, and cover the delivery. Throws the reason
 * otherwise.
 */
export function checkCaseCovers(
  state: CaseState,
  caseId: string,
  deliveryId: string,
  actor: Actor,
  now: Instant,
): CaseOpened['data'] {
  if (!state.opened) throw new CaseNotFound(caseId);
  if (state.opened.investigatorId !== actor.id) throw new CaseNotYours(caseId);
  switch (caseStatusAt(state, now)) {
    case 'closed':
      throw new CaseClosedAlready(caseId);
    case 'expired':
      throw new CaseExpired(caseId, state.expiresAt!);
    case 'pending':
      throw new CaseNotApproved(caseId);
    case 'approved':
      break;
  }
  if (!state.opened.deliveryIds.includes(deliveryId))
    throw new CaseDoesNotCover(caseId, deliveryId);
  return state.opened;
}
