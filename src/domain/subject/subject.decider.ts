import { DomainError } from '../shared/domain-error.js';
import type { Command } from '../shared/message.js';
import type { SubjectEvent } from './subject.events.js';

export type PlaceLegalHold = Command<'PlaceLegalHold', { customerId: string; caseId: string }>;
export type ReleaseLegalHold = Command<'ReleaseLegalHold', { customerId: string; caseId: string }>;
export type EraseSubject = Command<'EraseSubject', { customerId: string; reason: string }>;
export type ShredForRetention = Command<
  'ShredForRetention',
  { customerId: string; deliveryIds: string[]; retentionDays: number }
>;
export type SubjectCommand = PlaceLegalHold | ReleaseLegalHold | EraseSubject | ShredForRetention;

export interface SubjectState {
  /** Cases holding the customer's data. */
  readonly holds: readonly string[];
  readonly erasedAt: number | null;
}

export const initialSubjectState = (): SubjectState => ({ holds: [], erasedAt: null });

/** `revision`: the event's place in the stream (erasedAt says which erasure was the last). */
export function evolveSubject(
  state: SubjectState,
  event: SubjectEvent,
  revision = 0,
): SubjectState {
  switch (event.type) {
    case 'LegalHoldPlaced':
      return state.holds.includes(event.data.caseId)
        ? state
        : { ...state, holds: [...state.holds, event.data.caseId] };
    case 'LegalHoldReleased':
      return { ...state, holds: state.holds.filter((id) => id !== event.data.caseId) };
    case 'SubjectErased':
      return { ...state, erasedAt: revision };
    case 'PersonalDataShredded':
      return state;
  }
}

export class LegalHoldInPlace extends DomainError {
  constructor(customerId: string, caseIds: readonly string[]) {
    super(
      'SUBJECT.LEGAL_HOLD',
      `The data of customer ${customerId} is under legal hold (GDPR Art. 17(3)(e)) by ${caseIds.join(', ')}: it cannot be erased until the hold is released`,
      'conflict',
      { customerId, caseIds },
    );
  }
}

export function decideSubject(command: SubjectCommand, state: SubjectState): SubjectEvent[] {
  const by = command.metadata.actor.id;
  switch (command.type) {
    case 'PlaceLegalHold':
      if (state.holds.includes(command.data.caseId)) return [];
      return [{ type: 'LegalHoldPlaced', data: { ...command.data, placedBy: by } }];
    case 'ReleaseLegalHold':
      if (!state.holds.includes(command.data.caseId)) return [];
      return [{ type: 'LegalHoldReleased', data: { ...command.data, releasedBy: by } }];
    case 'EraseSubject':
      if (state.holds.length > 0) throw new LegalHoldInPlace(command.data.customerId, state.holds);
      return [{ type: 'SubjectErased', data: { ...command.data, requestedBy: by } }];
    case 'ShredForRetention':
      if (state.holds.length > 0) throw new LegalHoldInPlace(command.data.customerId, state.holds);
      return [{ type: 'PersonalDataShredded', data: { ...command.data, reason: 'retention' } }];
  }
}
