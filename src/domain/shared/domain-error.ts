import { CodedError } from './coded-error.js';

/**
 * How the shell answers a domain error: `not_found` → 404, `forbidden` → 403, `conflict` → 409,
 * `unprocessable` → 422.
 * These store nothing. Refusals of a command on an existing delivery are not errors: they are
 * recorded as events (UnlockDenied, CommandRefused), so nothing is silently dropped.
 */
export type DomainErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'unprocessable';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  unprocessable: 422,
};

export class DomainError extends CodedError {
  constructor(
    code: string,
    message: string,
    readonly kind: DomainErrorKind,
    details: Record<string, unknown> = {},
  ) {
    super(code, STATUS_OF_KIND[kind], message, details);
  }
}
