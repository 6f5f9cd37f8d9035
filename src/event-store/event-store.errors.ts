import { CodedError } from '../domain/shared/coded-error.js';
import type { ExpectedRevision } from './event-store.port.js';

/** Another writer appended first: nothing of this append is stored. */
export class WrongExpectedRevisionError extends CodedError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(
      'STREAM.CONFLICT',
      409,
      `${streamId} changed while this command was decided; nothing was stored`,
      { streamId, currentRevision: actual },
    );
  }
}

export class IdempotencyKeyReusedError extends CodedError {
  constructor(
    readonly streamId: string,
    readonly idempotencyKey: string,
  ) {
    super(
      'IDEMPOTENCY.KEY_REUSED',
      409,
      `Idempotency key ${idempotencyKey} was already used for a different request`,
      { idempotencyKey },
    );
  }
}

export class DuplicateEventIdError extends CodedError {
  constructor(readonly streamId: string) {
    super(
      'STREAM.DUPLICATE_EVENT_ID',
      409,
      `An event id appended to ${streamId} is already stored`,
    );
  }
}

/** The store could not be reached or failed; whether a write landed is unknown, so retry it idempotently. */
export class EventStoreUnavailableError extends CodedError {
  constructor(cause: unknown) {
    super(
      'STORE.UNAVAILABLE',
      503,
      'The ledger cannot be reached; retry with the same idempotency key',
      {},
      { cause },
    );
  }
}
