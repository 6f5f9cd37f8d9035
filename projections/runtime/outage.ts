import { isUnavailable } from '../../src/adapters/postgres/postgres-errors.js';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.errors.js';

/** The database is away: wait and retry the batch; never park an event for an outage. */
export const isOutage = (error: unknown): boolean =>
  error instanceof EventStoreUnavailableError || isUnavailable(error);

export const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
