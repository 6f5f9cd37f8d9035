import type { ExpectedRevision } from './event-store.port.js';

export class WrongExpectedRevisionError extends Error {
  readonly code = 'STREAM.CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(
      `Stream ${streamId} is at revision ${actual}, but revision ${String(expected)} was expected`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY.KEY_REUSED';
  constructor(
    readonly streamId: string,
    readonly idempotencyKey: string,
  ) {
    super(`Idempotency key ${idempotencyKey} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

export class DuplicateEventIdError extends Error {
  readonly code = 'STREAM.DUPLICATE_EVENT_ID';
  constructor(readonly streamId: string) {
    super(`An event id appended to ${streamId} is already stored`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store could not be reached or failed; whether a write landed is unknown, so retry it idempotently. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'STORE.UNAVAILABLE';
  constructor(cause: unknown) {
    super('The event store is unavailable', { cause });
    this.name = 'EventStoreUnavailableError';
  }
}
