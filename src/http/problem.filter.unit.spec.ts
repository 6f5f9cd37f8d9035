import { describe, expect, it } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';

import { LedgerStreamDeletedError } from '../adapters/eventstoredb/eventstoredb-errors.js';
import { DeliveryNotFound } from '../domain/delivery/delivery.errors.js';
import { NotCanonicalJsonError } from '../event-store/canonical-event.js';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../event-store/event-store.errors.js';
import { AuthenticationError } from '../modules/auth/token-verifier.js';
import { TamperedCiphertextError } from '../privacy/field-cipher.js';
import { KeyUnwrapError } from '../privacy/key-encryption.js';
import { HttpProblem } from './error-body.js';
import { ProblemFilter } from './problem.filter.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string; details: Record<string, unknown> } };
}

/** What the filter answers for one thrown value. */
function answerTo(exception: unknown): Answer {
  const answer = { status: 0, headers: {}, body: {} } as Answer;
  const reply = {
    headersSent: false,
    setHeader: (name: string, value: string) => (answer.headers[name] = value),
    status: (status: number) => ((answer.status = status), reply),
    json: (body: Answer['body']) => (answer.body = body),
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  const filter = new ProblemFilter();
  // A 5xx is logged; the log is not what these cases are about.
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => {} };
  filter.catch(exception, host);
  return answer;
}

describe('the problem filter', () => {
  it.each([
    [new DeliveryNotFound('d-1'), 404, 'DELIVERY.NOT_FOUND'],
    [
      new HttpProblem(429, 'AUTH.TOO_MANY_FAILURES', 'Slow down', { retryAfterSeconds: 7 }),
      429,
      'AUTH.TOO_MANY_FAILURES',
    ],
    [
      new AuthenticationError('AUTH.INVALID_TOKEN', 'The bearer token is not valid'),
      401,
      'AUTH.INVALID_TOKEN',
    ],
    [new NotCanonicalJsonError('NaN'), 400, 'REQUEST.INVALID_TEXT'],
    [new WrongExpectedRevisionError('delivery-d-1', 3, 4), 409, 'STREAM.CONFLICT'],
    [new IdempotencyKeyReusedError('delivery-d-1', 'k-1'), 409, 'IDEMPOTENCY.KEY_REUSED'],
    [new DuplicateEventIdError('delivery-d-1'), 409, 'STREAM.DUPLICATE_EVENT_ID'],
    [new EventStoreUnavailableError(new Error('ECONNREFUSED')), 503, 'STORE.UNAVAILABLE'],
    [new TamperedCiphertextError('tag mismatch'), 500, 'PRIVACY.UNDECRYPTABLE'],
    [new KeyUnwrapError('no key k-9'), 500, 'PRIVACY.UNDECRYPTABLE'],
    [new LedgerStreamDeletedError('delivery-d-1', null), 500, 'STORE.STREAM_DELETED'],
  ])('answers %p with its own status, code, message and details', (error, status, code) => {
    const answer = answerTo(error);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({
      error: { code, message: error.message, details: error.details },
    });
  });

  it('tells a conflicting writer which stream moved and where it is now', () => {
    expect(answerTo(new WrongExpectedRevisionError('delivery-d-1', 3, 4)).body).toEqual({
      error: {
        code: 'STREAM.CONFLICT',
        message: 'delivery-d-1 changed while this command was decided; nothing was stored',
        details: { streamId: 'delivery-d-1', currentRevision: 4 },
      },
    });
  });

  it('says when to come back: Retry-After 1 on a 503, the limiter’s own on a 429', () => {
    expect(answerTo(new EventStoreUnavailableError(null)).headers).toEqual({ 'Retry-After': '1' });
    expect(
      answerTo(
        new HttpProblem(429, 'AUTH.TOO_MANY_FAILURES', 'Slow down', { retryAfterSeconds: 7 }),
      ).headers,
    ).toEqual({ 'Retry-After': '7' });
  });

  it('answers Nest’s own exceptions and body-parser’s errors by their kind', () => {
    expect(answerTo(new NotFoundException()).body.error.code).toBe('ROUTE.NOT_FOUND');
    expect(answerTo(new PayloadTooLargeException()).status).toBe(413);
    const parseFailed = Object.assign(new SyntaxError('Unexpected end'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    expect(answerTo(parseFailed)).toMatchObject({
      status: 400,
      body: { error: { code: 'REQUEST.MALFORMED_JSON' } },
    });
  });

  it('answers anything else 500 INTERNAL, without its message', () => {
    expect(answerTo(new TypeError('x is undefined')).body).toEqual({
      error: { code: 'INTERNAL', message: 'The ledger failed to handle this request', details: {} },
    });
  });
});
