import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

import { CodedError } from '../domain/shared/coded-error.js';
import { type ErrorBody, errorBody } from './error-body.js';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

function fromHttpException(exception: HttpException): [number, ErrorBody] {
  const status = exception.getStatus();
  // Express and body-parser errors arrive wrapped, with the original as the cause.
  const cause = exception.cause;
  if (cause instanceof URIError) {
    return [400, errorBody('REQUEST.INVALID_PATH', 'The path is not validly percent-encoded')];
  }
  const parserError = typeof cause === 'object' && cause !== null ? fromBodyParser(cause) : null;
  if (parserError) return parserError;
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'code' in response) {
    const { code, message, details } = response as {
      code: string;
      message: string;
      details?: Record<string, unknown>;
    };
    return [status, errorBody(code, message, details)];
  }
  if (status === 404) return [404, errorBody('ROUTE.NOT_FOUND', 'No such route')];
  return [status, errorBody(`HTTP.${status}`, exception.message)];
}

function fromBodyParser(error: BodyParserError): [number, ErrorBody] | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return [400, errorBody('REQUEST.MALFORMED_JSON', 'The body is not valid JSON')];
    case 'entity.too.large':
      return [413, errorBody('REQUEST.TOO_LARGE', 'The body is larger than the server accepts')];
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return [
        415,
        errorBody('REQUEST.UNSUPPORTED_ENCODING', error.message ?? 'Unsupported encoding'),
      ];
    default:
      return typeof error.status === 'number' &&
        error.status >= 400 &&
        error.status < 500 &&
        error.expose
        ? [error.status, errorBody('REQUEST.INVALID', error.message ?? 'The request is invalid')]
        : null;
  }
}

/** The stack of a server fault, and for a coded one what it told the caller (the reason, say). */
function whatWentWrong(exception: unknown): string | undefined {
  if (!(exception instanceof Error)) return String(exception);
  return exception instanceof CodedError && Object.keys(exception.details).length > 0
    ? `${exception.stack}\n${JSON.stringify(exception.details)}`
    : exception.stack;
}

/**
 * Maps every error to `{ error: { code, message, details } }`: a CodedError as it says, Nest's own
 * HttpExceptions and body-parser's errors by their kind, anything else as a 500. Only the server's own
 * faults are 5xx.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('keytrail');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<Response>();
    // Answered already (the deadline's 503, or a stream under way): nothing more can be said. A late
    // answer failing on that is expected; any other error is still the server's to know of.
    if (reply.headersSent) {
      if ((exception as { code?: unknown }).code !== 'ERR_HTTP_HEADERS_SENT')
        this.logger.error(exception instanceof Error ? exception.stack : String(exception));
      return;
    }
    const [status, body] = this.describe(exception);
    if (status >= 500) this.logger.error(whatWentWrong(exception));
    // Unavailable for a moment (the ledger unreachable, a checkpoint pending): say when to come back.
    if (status === 503) reply.setHeader('Retry-After', '1');
    const retryAfter = (body.error.details as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      reply.setHeader('Retry-After', String(retryAfter));
    reply.status(status).json(body);
  }

  private describe(exception: unknown): [number, ErrorBody] {
    if (exception instanceof CodedError) {
      return [exception.status, errorBody(exception.code, exception.message, exception.details)];
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    const parsed =
      typeof exception === 'object' && exception !== null ? fromBodyParser(exception) : null;
    return parsed ?? [500, errorBody('INTERNAL', 'The ledger failed to handle this request')];
  }
}
