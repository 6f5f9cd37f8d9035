import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
} from '@eventstore/db-client';

import { CodedError } from '../../domain/shared/coded-error.js';
import { EventStoreUnavailableError } from '../../event-store/event-store.errors.js';

/** A stream of the ledger was deleted in EventStoreDB: the ledger is no longer whole. */
export class LedgerStreamDeletedError extends CodedError {
  constructor(
    readonly streamId: string,
    cause: unknown,
  ) {
    super(
      'STORE.STREAM_DELETED',
      500,
      `Stream ${streamId} was deleted from EventStoreDB: the ledger is no longer whole`,
      { streamId },
      { cause },
    );
  }
}

/** Failures that say nothing was done and may pass: worth retrying with backoff. */
export const isTransient = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof NotLeaderError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError;

/**
 * EventStoreDB errors as the ledger's: deleted stream → LedgerStreamDeletedError; access denied,
 * unavailable, not leader, deadline → EventStoreUnavailableError (503); anything else as it is.
 * (WrongExpectedVersionError is answered where the expected revision is known.)
 */
export function translateEsdbError(error: unknown, streamId?: string): unknown {
  if (error instanceof StreamDeletedError)
    return new LedgerStreamDeletedError(streamId ?? error.streamName, error);
  if (error instanceof AccessDeniedError || isTransient(error))
    return new EventStoreUnavailableError(error);
  return error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries what `isTransient` says may pass, with exponential backoff; anything else at once. */
export async function withRetries<T>(
  work: () => Promise<T>,
  attempts = 4,
  firstDelayMs = 100,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error) || attempt >= attempts) throw error;
      await sleep(firstDelayMs * 2 ** (attempt - 1));
    }
  }
}
