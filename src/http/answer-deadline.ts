import type { NextFunction, Request, Response } from 'express';

import { errorBody } from './error-body.js';

/**
 * Every request is answered within its deadline: past it, 503 REQUEST.TIMEOUT with Retry-After, so
 * that a caller never hangs on a stalled database. The work goes on and either stores the whole
 * command or none of it; a retry with the same Idempotency-Key then gets what was stored, and the
 * late answer goes nowhere (the exception filter leaves an answered response alone). A streamed answer
 * already under way (the compliance export) is left to finish.
 *
 * A middleware, not a Nest interceptor: the clock starts when the request arrives (reading the body and
 * the guards count), and requests skip Nest's rxjs interceptor chain (~3 % of the API process's CPU
 * under the load bench).
 */
export function answerDeadline(timeoutMs: number) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    const deadline = setTimeout(() => {
      if (response.headersSent) return;
      response
        .status(503)
        .setHeader('Retry-After', '1')
        .json(
          errorBody(
            'REQUEST.TIMEOUT',
            `No answer within ${timeoutMs} ms; a command may still be stored: retry with the same Idempotency-Key`,
            { timeoutMs },
          ),
        );
    }, timeoutMs);
    response.once('close', () => clearTimeout(deadline));
    next();
  };
}
