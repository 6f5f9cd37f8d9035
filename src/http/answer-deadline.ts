import type { NextFunction, Request, Response } from 'express';

import { UnconfirmedAppends } from '../event-store/unconfirmed-appends.js';
import { errorBody } from './error-body.js';

const APPENDS = Symbol('unconfirmed appends');
type Counted = Response & { [APPENDS]?: UnconfirmedAppends };

/**
 * Every request is answered within its deadline: past it, 503 with Retry-After, so that a caller never
 * hangs on a stalled database. STORE.UNAVAILABLE when the request is waiting on an append the store has
 * not confirmed (its commit blocks: the synchronous standby is down or behind, the ledger head is held,
 * the server is gone: the command pipeline counts its append into `unconfirmedAppendsOf(response)`),
 * REQUEST.TIMEOUT otherwise. Either way the work goes on and either stores the
 * whole command or none of it; a retry with the same Idempotency-Key then gets what was stored, and the
 * late answer goes nowhere (the exception filter leaves an answered response alone). A streamed answer
 * already under way (the compliance export) is left to finish.
 *
 * A middleware, not a Nest interceptor: the clock starts when the request arrives (reading the body and
 * the guards count), and requests skip Nest's rxjs interceptor chain (~3 % of the API process's CPU
 * under the load bench).
 */
export function answerDeadline(timeoutMs: number) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    const appends = new UnconfirmedAppends();
    (response as Counted)[APPENDS] = appends;
    const deadline = setTimeout(() => {
      if (response.headersSent) return;
      const body =
        appends.count > 0
          ? errorBody(
              'STORE.UNAVAILABLE',
              `The ledger did not confirm the write within ${timeoutMs} ms; whether it is stored is unknown: retry with the same Idempotency-Key`,
              { timeoutMs },
            )
          : errorBody(
              'REQUEST.TIMEOUT',
              `No answer within ${timeoutMs} ms; a command may still be stored: retry with the same Idempotency-Key`,
              { timeoutMs },
            );
      response.status(503).setHeader('Retry-After', '1').json(body);
    }, timeoutMs);
    response.once('close', () => clearTimeout(deadline));
    next();
  };
}

/** The appends the request's command counts itself into (absent outside the deadline's middleware). */
export const unconfirmedAppendsOf = (response: Response): UnconfirmedAppends | undefined =>
  (response as Counted)[APPENDS];
