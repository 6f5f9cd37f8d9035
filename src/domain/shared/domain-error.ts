/**
 * How the shell answers a domain error: `not_found` → 404, `conflict` → 409.
 * Rule refusals are not errors: they are recorded as events (UnlockDenied, CommandRefused).
 */
export type DomainErrorKind = 'not_found' | 'conflict';

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
