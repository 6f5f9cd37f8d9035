import { randomUUID } from 'node:crypto';

import type { DomainEvent } from '../../domain/shared/message.js';
import { WrongExpectedRevisionError } from '../../event-store/event-store.errors.js';
import type {
  EventContext,
  EventStore,
  RecordedEvent,
} from '../../event-store/event-store.port.js';

/** One command on one stream: how to fold it, what to decide, how to store what was decided. */
export interface StreamDecision<State, Event extends DomainEvent> {
  readonly streamId: string;
  readonly initial: State;
  readonly evolve: (state: State, event: Event, revision: number) => State;
  readonly decide: (state: State) => Event[];
  readonly schemaVersions: Readonly<Record<Event['type'], number>>;
  readonly context: EventContext;
  /** Opens personal fields of the history before it is folded (vehicle links). */
  readonly open?: (history: readonly RecordedEvent[]) => Promise<readonly RecordedEvent[]>;
  /** Seals personal fields of a decided event, bound to its id. */
  readonly seal?: (event: Event, eventId: string) => Promise<object>;
  /**
   * How often to decide again when another writer moved the stream on (default 1: the conflict is
   * the caller's to retry). Only for deciders that answer a repeat with nothing, like legal holds.
   */
  readonly attempts?: number;
}

export interface StreamDecisionResult<State> {
  /** The state after what was decided. */
  readonly state: State;
  /** What was stored; empty when the command changed nothing. */
  readonly events: readonly RecordedEvent[];
}

export function foldStream<State, Event extends DomainEvent>(
  history: readonly RecordedEvent[],
  initial: State,
  evolve: (state: State, event: Event, revision: number) => State,
): State {
  return history.reduce(
    (state, recorded) =>
      evolve(state, recorded as unknown as Event, recorded.metadata.streamRevision),
    initial,
  );
}

/**
 * Read the stream, fold it, decide, append at the revision it was read at: a concurrent writer makes
 * this one fail with a conflict, and nothing of it is stored.
 */
export async function decideOnStream<State, Event extends DomainEvent>(
  store: EventStore,
  decision: StreamDecision<State, Event>,
): Promise<StreamDecisionResult<State>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await decideOnce(store, decision);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= (decision.attempts ?? 1))
        throw error;
    }
  }
}

async function decideOnce<State, Event extends DomainEvent>(
  store: EventStore,
  decision: StreamDecision<State, Event>,
): Promise<StreamDecisionResult<State>> {
  const stored = await store.readStream(decision.streamId);
  const history = decision.open ? await decision.open(stored) : stored;
  const before = foldStream(history, decision.initial, decision.evolve);
  const decided = decision.decide(before);
  if (decided.length === 0) return { state: before, events: [] };
  const events = await Promise.all(
    decided.map(async (event) => {
      const eventId = randomUUID();
      return {
        eventId,
        type: event.type,
        schemaVersion: decision.schemaVersions[event.type as Event['type']],
        data: decision.seal ? await decision.seal(event, eventId) : event.data,
        context: decision.context,
      };
    }),
  );
  const result = await store.append({
    streamId: decision.streamId,
    expectedRevision: stored.length === 0 ? 'no_stream' : stored.length - 1,
    events,
  });
  const state = decided.reduce(
    (s, event, i) => decision.evolve(s, event, stored.length + i),
    before,
  );
  return { state, events: result.events };
}

/** The envelope of events a request causes. */
export const requestContext = (
  request: { principal: EventContext['actor']; correlationId: string; requestId: string },
  occurredAt: string,
  source = 'api',
): EventContext => ({
  occurredAt,
  actor: request.principal,
  source,
  correlationId: request.correlationId,
  causationId: request.requestId,
});
