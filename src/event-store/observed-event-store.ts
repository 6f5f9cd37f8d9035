import type { AppendObserver, AppendOutcomeKind } from './append-observer.js';
import {
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from './event-store.errors.js';
import type { AppendRequest, AppendResult, EventStore } from './event-store.port.js';

const outcomeOf = (error: unknown): AppendOutcomeKind =>
  error instanceof WrongExpectedRevisionError
    ? 'conflict'
    : error instanceof IdempotencyKeyReusedError
      ? 'key_reused'
      : error instanceof EventStoreUnavailableError
        ? 'unavailable'
        : 'failed';

/** Any event store, its appends timed and their outcomes told to an observer (the metrics). */
export function observedEventStore(store: EventStore, observer: AppendObserver): EventStore {
  const append = async (request: AppendRequest): Promise<AppendResult> => {
    const begun = performance.now();
    try {
      const result = await store.append(request);
      observer.appendSettled(result.status, (performance.now() - begun) / 1000);
      return result;
    } catch (error) {
      observer.appendSettled(outcomeOf(error), (performance.now() - begun) / 1000);
      throw error;
    }
  };
  // Every other member is the store's own, called on the store itself (not through the proxy).
  const bound = new Map<PropertyKey, unknown>([['append', append]]);
  return new Proxy(store, {
    get(target, property) {
      if (bound.has(property)) return bound.get(property);
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, method);
      return method;
    },
  });
}
