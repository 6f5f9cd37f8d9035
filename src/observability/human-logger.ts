import { type DestinationStream, type Logger, pino } from 'pino';
import prettyStream, { type PrettyOptions } from 'pino-pretty';

/** What the request log line carries, told in one line; the rest of its fields are left out. */
const REQUEST_FIELDS = 'method,route,status,ms,role,correlationId';

/** `POST /v1/deliveries/:id/grants 201 12.3 ms delivery-service`, or `[context] message`. */
function oneLine(log: Record<string, unknown>, messageKey: string): string {
  const text = log[messageKey];
  const message = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  if (typeof log.route === 'string' && typeof log.status === 'number') {
    const role = typeof log.role === 'string' ? ` ${log.role}` : '';
    const failed = log.level === 50 ? ` ${message}` : '';
    return `${String(log.method)} ${log.route} ${log.status} ${String(log.ms)} ms${role}${failed}`;
  }
  return typeof log.context === 'string' ? `[${log.context}] ${message}` : message;
}

export const HUMAN_LOG_OPTIONS: PrettyOptions = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: `pid,hostname,service,context,${REQUEST_FIELDS}`,
  messageFormat: oneLine,
};

/**
 * The log for a person at a terminal (pino-pretty): one line per request and plain start-up lines,
 * with the time and level in front and the ids a line carries after it. The same calls as the JSON
 * log, so nothing is logged that the JSON log would not have.
 */
export function humanLogger(options: {
  colorize: boolean;
  destination?: DestinationStream;
}): Logger {
  const pretty = prettyStream({
    ...HUMAN_LOG_OPTIONS,
    colorize: options.colorize,
    sync: true,
    ...(options.destination ? { destination: options.destination } : {}),
  });
  return pino({ base: { service: 'keytrail' } }, pretty);
}
