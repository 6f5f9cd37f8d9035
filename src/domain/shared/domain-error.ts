/**
 * How the shell answers a domain error: `not_found` → 404, `forbidden` → 403, `conflict` → 409,
 * `unprocessable` → 422.
 * These store nothing. Refusals of a command on an existing delivery are not errors: they are
 * recorded as events (UnlockDenied, CommandRefused), so nothing is silently dropped.
 */
export type DomainErrorKind = 'not_found' | 'forbidden' | 'conflict' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
