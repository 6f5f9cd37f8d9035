import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

import type { LedgerMetrics } from '../observability/ledger-metrics.js';

/** Ids a request carries from the first middleware on: in the log, the events and the answer. */
export interface RequestIds {
  /** This request's own id: the causation id of the events it stores. */
  readonly requestId: string;
  /** `X-Correlation-Id` when the caller sent a valid one (else the request id): one journey's id. */
  readonly correlationId: string;
}

export const CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

const IDS = Symbol('keytrail.requestIds');
type WithIds = Request & { [IDS]?: RequestIds };

export function requestIdsOf(request: Request): RequestIds {
  const carrying = request as WithIds;
  if (carrying[IDS]) return carrying[IDS];
  const requestId = randomUUID();
  const sent = request.headers['x-correlation-id'];
  const correlationId = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : requestId;
  return (carrying[IDS] = { requestId, correlationId });
}

/** The route's template (`/v1/deliveries/:deliveryId/grants`), never the path: ids stay out. */
const routeOf = (request: Request): string =>
  typeof (request.route as { path?: unknown } | undefined)?.path === 'string'
    ? (request.route as { path: string }).path
    : 'unrouted';

/**
 * What the app records of every request: ids echoed in `X-Request-Id` and `X-Correlation-Id`, one
 * duration in the metrics, one JSON log line. Neither ever holds the path, the query, a body or a
 * token, where personal data could be; only the route template, the status and the caller's role.
 */
export function requestTelemetry(metrics: LedgerMetrics, log: Logger | null) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const begun = performance.now();
    const ids = requestIdsOf(request);
    response.setHeader('X-Request-Id', ids.requestId);
    response.setHeader('X-Correlation-Id', ids.correlationId);
    // The status as it went out: a late answer after the deadline's 503 may set another afterwards.
    let sent = 499;
    response.once('finish', () => (sent = response.statusCode));
    response.once('close', () => {
      const seconds = (performance.now() - begun) / 1000;
      const route = routeOf(request);
      const status = sent;
      metrics.requestAnswered(request.method, route, status, seconds);
      if (!log) return;
      const role = (request as Request & { principal?: { role: string } }).principal?.role;
      const entry = {
        ...ids,
        method: request.method,
        route,
        status,
        ms: Math.round(seconds * 10_000) / 10,
        ...(role ? { role } : {}),
      };
      if (status >= 500) log.error(entry, 'request failed');
      else log.info(entry, 'request');
    });
    next();
  };
}
