import { expect } from '@jest/globals';

import type { Decider } from '../../src/domain/shared/decider.js';

/**
 * given / when / then over a decider, as in Emmett's DeciderSpecification:
 * `given([accessGranted]).when(requestUnlock(...)).then([unlockDenied('expired')])`.
 */
export function deciderSpecification<Command, Event, State>(
  decider: Decider<Command, Event, State>,
) {
  return (given: readonly Event[]) => ({
    when: (command: Command) => {
      const state = given.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      const decide = () => decider.decide(command, state);
      return {
        then: (expected: readonly Event[]) => expect(decide()).toEqual(expected),
        thenNothingHappens: () => expect(decide()).toEqual([]),
        thenThrows: (errorType: new (...args: never[]) => Error, code?: string) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorType);
          if (code) expect(thrown).toMatchObject({ code });
        },
        /** For assertions on part of the outcome. */
        events: decide,
      };
    },
  });
}
