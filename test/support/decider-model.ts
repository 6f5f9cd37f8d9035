import { expect } from '@jest/globals';
import fc from 'fast-check';

import { DomainError } from '../../src/domain/shared/domain-error.js';
import type { DomainEvent } from '../../src/domain/shared/message.js';
import type { CommandMetadata } from '../../src/domain/shared/message.js';

/** Seeded like the delivery model: MODEL_SEED replays a failure, MODEL_RUNS sets the sequences. */
export const MODEL_RUNS = Number(process.env.MODEL_RUNS ?? 500);
export const MODEL_SEED = Number(process.env.MODEL_SEED ?? 20261125);

/** What one command did, for the invariants to judge: the events before it, and its outcome. */
export interface ModelStep<Command, Event> {
  readonly command: Command;
  readonly before: readonly Event[];
  readonly decided: readonly Event[];
  /** The refusal's code, when the rules refused the command. */
  readonly refused: string | null;
}

export interface DeciderUnderTest<Command, State, Event extends DomainEvent> {
  readonly initial: () => State;
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event, revision: number) => State;
}

/**
 * Random sequences of commands against a decider; after every step `invariant` judges the step from
 * the events alone, and replaying the events (through JSON, as stored) must give the state built
 * step by step. Answers how many steps stored events and how many were refused.
 */
export function checkDeciderModel<Command, State, Event extends DomainEvent>(
  decider: DeciderUnderTest<Command, State, Event>,
  commands: fc.Arbitrary<Command>,
  invariant: (step: ModelStep<Command, Event>) => void,
): { stored: number; refused: number } {
  let stored = 0;
  let refused = 0;
  fc.assert(
    fc.property(fc.array(commands, { minLength: 3, maxLength: 40 }), (sequence) => {
      let state = decider.initial();
      const history: Event[] = [];
      for (const command of sequence) {
        let decided: Event[] = [];
        let refusal: string | null = null;
        try {
          decided = decider.decide(command, state);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          refusal = (error as DomainError).code;
        }
        invariant({ command, before: [...history], decided, refused: refusal });
        for (const event of decided) {
          state = decider.evolve(state, event, history.length);
          history.push(event);
        }
        if (refusal) refused += 1;
        else if (decided.length > 0) stored += 1;
        const replayed = (JSON.parse(JSON.stringify(history)) as Event[]).reduce(
          (s, e, revision) => decider.evolve(s, e, revision),
          decider.initial(),
        );
        expect(replayed).toEqual(state);
      }
    }),
    { numRuns: MODEL_RUNS, seed: MODEL_SEED },
  );
  return { stored, refused };
}

/** The metadata every command of a model run carries: one moment, the actor given. */
export const modelMetadata = (actor: CommandMetadata['actor']): CommandMetadata => ({
  now: '2026-11-25T12:00:00.000Z',
  actor,
});
