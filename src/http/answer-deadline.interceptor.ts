import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable } from 'rxjs';

import { HttpProblem } from './error-body.js';

/**
 * Every route answers within its deadline: past it, 503 REQUEST.TIMEOUT with Retry-After, so that a
 * caller never hangs on a stalled database. The work goes on and either stores the whole command or
 * none of it; a retry with the same Idempotency-Key then gets what was stored. A streamed answer
 * already under way (the compliance export) is left to finish.
 */
export class AnswerDeadline implements NestInterceptor {
  constructor(private readonly timeoutMs: number) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return new Observable((subscriber) => {
      const deadline = setTimeout(() => {
        if (response.headersSent) return;
        subscriber.error(
          new HttpProblem(
            503,
            'REQUEST.TIMEOUT',
            `No answer within ${this.timeoutMs} ms; a command may still be stored: retry with the same Idempotency-Key`,
            { timeoutMs: this.timeoutMs },
          ),
        );
      }, this.timeoutMs);
      const handled = next.handle().subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        clearTimeout(deadline);
        handled.unsubscribe();
      };
    });
  }
}
