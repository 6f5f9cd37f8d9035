import pg from 'pg';
import { QueryFailedError } from 'typeorm';

import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
} from '../../event-store/event-store.errors.js';

interface PgError {
  code?: string;
  constraint?: string;
}

const asPgError = (error: unknown): PgError =>
  typeof error === 'object' && error !== null ? error : {};

const CLIENT_CONNECTION_FAILURE = /connection|terminated|timeout|ECONN|socket/i;

/**
 * Server classes 08 (connection), 53 (resources), 57 (operator intervention), 58 (system), socket
 * errors, and the driver's own connection failures, which carry no SQLSTATE.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof EventStoreUnavailableError) return true;
  const code = asPgError(error).code;
  if (code === undefined) {
    return (
      error instanceof Error &&
      !(error instanceof TypeError) &&
      CLIENT_CONNECTION_FAILURE.test(error.message)
    );
  }
  return /^(08|53|57|58)/.test(code) || /^E[A-Z]+$/.test(code);
}

/** An error the server raised for the statement: it may belong to one append of a batch. */
export const isStatementError = (error: unknown): boolean =>
  asPgError(error).code !== undefined && !isUnavailable(error);

export function translateAppendError(error: unknown, streamId: string): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const pg = asPgError(error);
  if (pg.code === '23505' && pg.constraint === 'events_event_id') {
    return new DuplicateEventIdError(streamId);
  }
  return isUnavailable(error) ? new EventStoreUnavailableError(error) : error;
}

export async function readOrUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw isUnavailable(error) && !(error instanceof EventStoreUnavailableError)
      ? new EventStoreUnavailableError(error)
      : error;
  }
}

/**
 * An error of a query run outside the event store (a read model through TypeORM, a statement on the
 * pool): the database gone mid-query is the ledger unavailable (503 STORE.UNAVAILABLE, retry), as
 * for the event store's own reads, not a fault of the server. Anything else stays as it is.
 */
export function asUnavailable(error: unknown): unknown {
  const fromDatabase = error instanceof QueryFailedError || error instanceof pg.DatabaseError;
  return fromDatabase && isUnavailable(error) ? new EventStoreUnavailableError(error) : error;
}
