import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';

import { asUnavailable } from '../adapters/postgres/postgres-errors.js';

/**
 * A request whose database goes away under one of its queries is answered 503 STORE.UNAVAILABLE with
 * Retry-After, wherever the query ran: the read models (on the primary or the read database), the
 * query services' own statements. The exception filter only maps coded errors; this is where the
 * database's errors become one.
 */
export class UnavailableDatabaseInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(catchError((error: unknown) => throwError(() => asUnavailable(error))));
  }
}
