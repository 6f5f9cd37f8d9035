/**
 * An error the API answers with: a stable `code`, the HTTP `status` it is answered with, and the
 * `details` a caller may see. The message is the answer's message. The exception filter maps this
 * class alone (src/http/problem.filter.ts); nothing here knows a framework.
 */
export abstract class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
