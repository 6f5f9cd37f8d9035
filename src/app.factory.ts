import type { Server } from 'node:http';

import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

import { type AppDependencies, AppModule } from './app.module.js';
import { answerDeadline } from './http/answer-deadline.js';
import type { Draining } from './http/draining.js';
import { errorBody } from './http/error-body.js';
import { serveApiDocument } from './http/openapi-document.js';
import { ProblemFilter } from './http/problem.filter.js';
import { UnavailableDatabaseInterceptor } from './http/unavailable-database.interceptor.js';
import { requestTelemetry } from './http/request-telemetry.js';
import { RequestValidationPipe } from './http/request-validation.pipe.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';
import { serveWebPages } from './web/web-pages.js';

export interface AppOptions extends AppDependencies {
  readonly bodyLimit: string;
  /** false: silent; a LoggerService: where the app's log lines go (the leak scan reads them). */
  readonly logger?: false | LoggerService;
  /** Where one JSON line per request goes (ids, route template, status, duration); none if absent. */
  readonly requestLog?: Logger;
  /** Where the built pages are (dist/web): the console and the customer's proof page. */
  readonly webRoot?: string;
  /** Past this, a route answers 503 (STORE.UNAVAILABLE or REQUEST.TIMEOUT), and a request still arriving is cut (30 s). */
  readonly answerTimeoutMs?: number;
  /** A client that has not sent its headers by then is cut (10 s). */
  readonly headersTimeoutMs?: number;
  /** Set when the process stops: answers close their connections (graceful shutdown). */
  readonly draining?: Draining;
}

/** The one route whose body is multipart: a drop photo, read by that route within its limits. */
const PHOTO_UPLOAD = /^\/v1\/deliveries\/[^/]+\/photos\/?$/;

/** Bodies are JSON: anything else with a body is refused before it reaches a route. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    request.headers['transfer-encoding'] !== undefined ||
    Number(request.headers['content-length'] ?? 0) > 0;
  if (request.method === 'POST' && PHOTO_UPLOAD.test(request.path)) {
    next();
    return;
  }
  if (hasBody && !request.is('application/json')) {
    response
      .status(415)
      .json(errorBody('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    return;
  }
  next();
}

/** The real Nest application, as `npm start` and the e2e tests run it. */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    // The body's bytes are kept (a reference, no copy): a carmaker payload stating a field twice is seen.
    rawBody: true,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  app.disable('x-powered-by');
  const deadlineMs = options.answerTimeoutMs ?? 30_000;
  app.use(requestTelemetry(app.get(LedgerMetrics), options.requestLog ?? null));
  app.use(answerDeadline(deadlineMs));
  if (options.draining) app.use(options.draining.middleware);
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: options.bodyLimit, strict: true });
  if (options.webRoot) serveWebPages(app, options.webRoot);
  // A client gets 10 s to send its headers and the deadline for its whole request (a photo upload
  // included); slow senders are answered 408 and cut, checked every second.
  const headersMs = options.headersTimeoutMs ?? 10_000;
  // Node reads the checking interval when the server starts listening (its types lack it).
  const server = app.getHttpServer() as Server & { connectionsCheckingInterval: number };
  server.connectionsCheckingInterval = 1000;
  server.headersTimeout = headersMs;
  server.requestTimeout = Math.max(deadlineMs, headersMs);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalInterceptors(new UnavailableDatabaseInterceptor());
  app.useGlobalFilters(new ProblemFilter());
  serveApiDocument(app);
  return app;
}
