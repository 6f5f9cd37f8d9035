import { DomainError } from '../shared/domain-error.js';
import { type Instant, isAfter } from '../shared/instant.js';
import type { Command } from '../shared/message.js';
import type { LegalHoldPlaced, SubjectEvent } from './subject.events.js';

/** A case's hold (`caseId`, `reason` null) or compliance's explicit one (`caseId` null, a reason). */
export type PlaceLegalHold = Command<
  'PlaceLegalHold',
  { customerId: string; caseId: string | null; until: Instant; reason: string | null }
>;
export type ReleaseLegalHold = Command<'ReleaseLegalHold', { customerId: string; caseId: string }>;
export type EraseSubject = Command<'EraseSubject', { customerId: string; reason: string }>;
export type ShredForRetention = Command<
  'ShredForRetention',
  { customerId: string; deliveryIds: string[]; retentionDays: number }
>;
export type SubjectCommand = PlaceLegalHold | ReleaseLegalHold | EraseSubject | ShredForRetention;

export type LegalHold = Omit<LegalHoldPlaced['data'], 'customerId'>;

export interface SubjectState {
  /** Holds on the customer's data: one per case (its latest term), and compliance's explicit ones. */
  readonly holds: readonly LegalHold[];
  readonly erasedAt: number | null;
}

export const initialSubjectState = (): SubjectState => ({ holds: [], erasedAt: null });

const holdOf = ({ customerId: _, ...hold }: LegalHoldPlaced['data']): LegalHold => hold;

/** `revision`: the event's place in the stream (erasedAt says which erasure was the last). */
export function evolveSubject(
  state: SubjectState,
  event: SubjectEvent,
  revision = 0,
): SubjectState {
  switch (event.type) {
    case 'LegalHoldPlaced': {
      const { caseId } = event.data;
      // A case's hold placed again (the case approved) carries the case's new term.
      const others = caseId === null ? state.holds : state.holds.filter((h) => h.caseId !== caseId);
      return { ...state, holds: [...others, holdOf(event.data)] };
    }
    case 'LegalHoldReleased':
      return { ...state, holds: state.holds.filter((h) => h.caseId !== event.data.caseId) };
    case 'SubjectErased':
      return { ...state, erasedAt: revision };
    case 'PersonalDataShredded':
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The holds that bind at `now`: a hold ends at its `until`, whether or not anything was recorded then. */
export const holdsInForce = (state: SubjectState, now: Instant): LegalHold[] =>
  state.holds.filter((hold) => isAfter(hold.until, now));

export class LegalHoldInPlace extends DomainError {
  constructor(customerId: string, holds: readonly LegalHold[]) {
    const caseIds = holds.flatMap((h) => (h.caseId !== null ? [h.caseId] : []));
    const until = holds.map((h) => h.until).sort();
    super(
      'SUBJECT.LEGAL_HOLD',
      `The data of customer ${customerId} is under legal hold (GDPR Art. 17(3)(e))${caseIds.length > 0 ? ` by ${caseIds.join(', ')}` : ''}${holds.some((h) => h.caseId === null) ? ' and by compliance' : ''}: it cannot be erased before ${until.at(-1)}, or until the hold is released`,
      'conflict',
      {
        customerId,
        caseIds,
        holds: holds.map((h) => ({ caseId: h.caseId, until: h.until, reason: h.reason })),
      },
    );
  }
}

export class HoldEndPassed extends DomainError {
  constructor(customerId: string, until: Instant) {
    super(
      'SUBJECT.HOLD_END_PASSED',
      `A legal hold ending at ${until} would hold nothing: its end must be in the future`,
      'unprocessable',
      { customerId, until },
    );
  }
}

export function decideSubject(command: SubjectCommand, state: SubjectState): SubjectEvent[] {
  const { actor, now } = command.metadata;
  switch (command.type) {
    case 'PlaceLegalHold': {
      const { caseId, until, reason } = command.data;
      if (!isAfter(until, now)) throw new HoldEndPassed(command.data.customerId, until);
      const same = state.holds.some((h) =>
        caseId !== null
          ? h.caseId === caseId && h.until === until
          : h.caseId === null && h.until === until && h.reason === reason,
      );
      // A retry, or a case's hold already carrying this term, changes nothing.
      if (same) return [];
      return [{ type: 'LegalHoldPlaced', data: { ...command.data, placedBy: actor.id } }];
    }
    case 'ReleaseLegalHold':
      if (!state.holds.some((h) => h.caseId === command.data.caseId)) return [];
      return [{ type: 'LegalHoldReleased', data: { ...command.data, releasedBy: actor.id } }];
    case 'EraseSubject':
    case 'ShredForRetention': {
      const binding = holdsInForce(state, now);
      if (binding.length > 0) throw new LegalHoldInPlace(command.data.customerId, binding);
      return command.type === 'EraseSubject'
        ? [{ type: 'SubjectErased', data: { ...command.data, requestedBy: actor.id } }]
        : [{ type: 'PersonalDataShredded', data: { ...command.data, reason: 'retention' } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
