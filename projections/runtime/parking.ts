/** An event a projection set aside, as the runtime reports it: ids, codes and counts, no personal data. */
export interface ParkedEventReport {
  readonly projection: string;
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempts: number;
  readonly reason: string;
}

/** Told of each event the runtime parks: the metric and the operators' alert. */
export interface ParkingObserver {
  eventParked(report: ParkedEventReport): void;
}

const MAX_REASON_LENGTH = 500;

/**
 * Why an event failed, fit to show on /health and in a log line: the error's class and message, with
 * quoted values elided (PostgreSQL quotes the offending value, which comes from the event), cut short.
 */
export function failureReason(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const elided = text.replace(/"[^"]*"/g, '"…"');
  return elided.length > MAX_REASON_LENGTH ? `${elided.slice(0, MAX_REASON_LENGTH - 1)}…` : elided;
}
