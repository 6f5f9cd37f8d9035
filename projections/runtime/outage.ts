import { isUnavailable } from '../../src/adapters/postgres/postgres-errors.js';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.errors.js';

/** The database is away: wait and retry the batch; never park an event for an outage. */
export const isOutage = (error: unknown): boolean =>
  error instanceof EventStoreUnavailableError || isUnavailable(error);
