import type { LoggerService } from '@nestjs/common';
import { type DestinationStream, type Logger, pino } from 'pino';

/** Stdout, written in 4 kB chunks off the request path, at least every second, and at exit. */
function bufferedStdout(): DestinationStream {
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => stdout.flush(), 1000).unref();
  process.on('exit', () => stdout.flushSync());
  return stdout;
}

/**
 * The process's log: one JSON object per line (pino), level as a word, ISO time. Whoever logs
 * passes ids, codes and counts, never personal data (the leak scan reads these lines). A SIGKILL
 * loses the lines not yet written (at most 4 kB or a second's worth); the ledger, not the log, is the record.
 */
export function jsonLogger(destination: DestinationStream = bufferedStdout()): Logger {
  return pino(
    {
      base: { service: 'keytrail' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const contextOf = (params: unknown[]): { context?: string } => {
  const last = params.at(-1);
  return typeof last === 'string' ? { context: last } : {};
};

/** A message given as fields (`{ msg, alert, projection, … }`) keeps them as fields of the line. */
function fieldsOf(message: unknown): { fields: Record<string, unknown>; msg: string } | null {
  if (typeof message !== 'object' || message === null || message instanceof Error) return null;
  const { msg, ...fields } = message as Record<string, unknown>;
  return { fields, msg: typeof msg === 'string' ? msg : '' };
}

/** Nest's own log lines (start, routes, errors) through the JSON log. */
export class JsonNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.logger.info(contextOf(params), String(message));
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(contextOf(params), String(message));
  }

  error(message: unknown, ...params: unknown[]): void {
    const structured = fieldsOf(message);
    if (structured) {
      this.logger.error({ ...contextOf(params), ...structured.fields }, structured.msg);
      return;
    }
    // Nest passes (message, stack?, context?): the stack stays with the error, in one line.
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    const err = message instanceof Error ? message : undefined;
    this.logger.error(
      { ...contextOf(params), ...(err ? { err } : {}), ...(stack ? { stack } : {}) },
      err ? err.message : String(message),
    );
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal(contextOf(params), String(message));
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(contextOf(params), String(message));
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace(contextOf(params), String(message));
  }
}
