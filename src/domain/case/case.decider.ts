import { DomainError } from '../shared/domain-error.js';
import type { Actor } from '../shared/actor.js';
import type { Command } from '../shared/message.js';
import type { CaseEvent, CaseOpened } from './case.events.js';

export type OpenCase = Command<'OpenCase', Omit<CaseOpened['data'], 'investigatorId'>>;
export type CloseCase = Command<'CloseCase', { caseId: string; resolution: string }>;
export type RecordEvidenceExport = Command<
  'RecordEvidenceExport',
  { caseId: string; format: string; sha256: string }
>;
export type CaseCommand = OpenCase | CloseCase | RecordEvidenceExport;

export interface CaseState {
  readonly opened: CaseOpened['data'] | null;
  readonly closed: boolean;
}

export const initialCaseState = (): CaseState => ({ opened: null, closed: false });

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { opened: event.data, closed: false };
    case 'CaseClosed':
      return { ...state, closed: true };
    case 'EvidenceExported':
      return state;
  }
}

export class CaseNotFound extends DomainError {
  constructor(caseId: string) {
    super('CASE.NOT_FOUND', `No case ${caseId}`, 'not_found', { caseId });
  }
}

export class CaseIdTaken extends DomainError {
  constructor(caseId: string) {
    super('CASE.ID_TAKEN', `Case ${caseId} was opened already, with other terms`, 'conflict', {
      caseId,
    });
  }
}

export class CaseNotYours extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.NOT_YOURS',
      `Case ${caseId} was opened by another investigator: open your own to see precise data`,
      'forbidden',
      { caseId },
    );
  }
}

export class CaseClosedAlready extends DomainError {
  constructor(caseId: string) {
    super(
      'CASE.CLOSED',
      `Case ${caseId} is closed: precise data is no longer reachable through it`,
      'forbidden',
      {
        caseId,
      },
    );
  }
}

export class CaseDoesNotCover extends DomainError {
  constructor(caseId: string, deliveryId: string) {
    super(
      'CASE.DOES_NOT_COVER',
      `Case ${caseId} does not cover delivery ${deliveryId}`,
      'forbidden',
      {
        caseId,
        deliveryId,
      },
    );
  }
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

const sameTerms = (a: CaseOpened['data'], b: CaseOpened['data']) =>
  a.caseId === b.caseId &&
  a.investigatorId === b.investigatorId &&
  a.reason === b.reason &&
  sameList(a.deliveryIds, b.deliveryIds) &&
  sameList(a.customerIds, b.customerIds);

export function decideCase(command: CaseCommand, state: CaseState): CaseEvent[] {
  const { actor } = command.metadata;
  switch (command.type) {
    case 'OpenCase': {
      const opened: CaseOpened['data'] = { ...command.data, investigatorId: actor.id };
      if (state.opened) {
        // The same request again (a retry) changes nothing; other terms under the same id are refused.
        if (sameTerms(state.opened, opened) && !state.closed) return [];
        throw new CaseIdTaken(command.data.caseId);
      }
      return [{ type: 'CaseOpened', data: opened }];
    }
    case 'RecordEvidenceExport': {
      if (!state.opened) throw new CaseNotFound(command.data.caseId);
      mayWorkOn(state, command.data.caseId, actor);
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
  }
}

/** Only the investigator who opened a case works under it (an admin may close it). */
function mayWorkOn(state: CaseState, caseId: string, actor: Actor): void {
  if (actor.role === 'admin') return;
  if (state.opened?.investigatorId !== actor.id) throw new CaseNotYours(caseId);
}

/**
 * Whether the investigator may see a delivery's precise data under this case: it must be theirs,
 * open, and cover the delivery. Throws the reason otherwise.
 */
export function checkCaseCovers(
  state: CaseState,
  caseId: string,
  deliveryId: string,
  actor: Actor,
): CaseOpened['data'] {
  if (!state.opened) throw new CaseNotFound(caseId);
  if (state.opened.investigatorId !== actor.id) throw new CaseNotYours(caseId);
  if (state.closed) throw new CaseClosedAlready(caseId);
  if (!state.opened.deliveryIds.includes(deliveryId))
    throw new CaseDoesNotCover(caseId, deliveryId);
  return state.opened;
}
