import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import type { Response } from 'express';

import type { UnconfirmedAppends } from '../event-store/unconfirmed-appends.js';
import { unconfirmedAppendsOf } from './answer-deadline.js';
import { HttpProblem } from './error-body.js';
import { CORRELATION_ID, requestIdsOf } from './request-telemetry.js';
import type { AuthenticatedRequest } from '../modules/auth/auth.guard.js';
import type { Principal } from '../modules/auth/principal.js';
import type { SourceSignatureEvidence } from '../verifier/source-evidence.js';

/** A request whose source signature was checked on arrival (the carmaker webhooks' guard sets it). */
export type RequestWithEvidence = AuthenticatedRequest & {
  sourceSignature?: SourceSignatureEvidence;
};

/** What a command knows about the HTTP request that carried it. */
export interface CommandRequest {
  readonly principal: Principal;
  /** `Idempotency-Key` header: the same key answers the same result and stores nothing new. */
  readonly idempotencyKey: string | null;
  /** `X-Correlation-Id` header, or a new id: ties together everything one journey caused. */
  readonly correlationId: string;
  /** This request's own id: the causation id of the events it stores. */
  readonly requestId: string;
  /** The carmaker's verified signature over this request, stored with what it caused; absent: unsigned. */
  readonly sourceSignature?: SourceSignatureEvidence;
  /** What the request's deadline reads: the appends it waits on that the store has not confirmed. */
  readonly unconfirmed?: UnconfirmedAppends;
}

function header(request: AuthenticatedRequest, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  if (typeof value !== 'string' || !CORRELATION_ID.test(value)) {
    throw new HttpProblem(
      400,
      'REQUEST.INVALID_HEADER',
      `${name} must be 1–200 letters, digits or . _ : -`,
    );
  }
  return value;
}

/**
 * The appends the request waits on, for a query that records something before it answers (a reveal
 * in the access log): its deadline then says the store is unavailable, as for a command.
 */
export const RequestAppends = createParamDecorator(
  (_: unknown, context: ExecutionContext): UnconfirmedAppends | undefined =>
    unconfirmedAppendsOf(context.switchToHttp().getResponse<Response>()),
);

export const CurrentCommandRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<RequestWithEvidence>();
    if (!request.principal) throw new Error('A command needs an authenticated request');
    // The same ids as in the log line and the answer's headers; a malformed one is refused here.
    header(request, 'x-correlation-id');
    const unconfirmed = unconfirmedAppendsOf(context.switchToHttp().getResponse<Response>());
    return {
      principal: request.principal,
      idempotencyKey: header(request, 'idempotency-key'),
      ...requestIdsOf(request),
      ...(request.sourceSignature ? { sourceSignature: request.sourceSignature } : {}),
      ...(unconfirmed ? { unconfirmed } : {}),
    };
  },
);
