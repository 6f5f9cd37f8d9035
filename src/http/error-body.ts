import { CodedError } from '../domain/shared/coded-error.js';

/** The one error shape every 4xx and 5xx answer has. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: Record<string, unknown>;
  };
}

export const errorBody = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody => ({ error: { code, message, details } });

/** An answer with a status and a code, thrown by the shell (refusals, bad headers). */
export class HttpProblem extends CodedError {
  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, status, message, details);
  }
}
