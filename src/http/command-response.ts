import { HttpProblem } from './error-body.js';
import type { RecordedEvent } from '../event-store/event-store.port.js';
import type { CommandResult } from '../modules/streams/command-pipeline.js';

export interface RecordedEventSummary {
  readonly type: string;
  readonly eventId: string;
  readonly globalPosition: number;
  readonly streamRevision: number;
  readonly recordedAt: string;
  readonly hash: string;
}

export interface CommandResponse {
  readonly deliveryId: string;
  /** True when this answers a retry: nothing new was stored. */
  readonly replayed: boolean;
  /** False when the command changed nothing (already blocked, already revoked…). */
  readonly changed: boolean;
  readonly events: readonly RecordedEventSummary[];
}

export const summarize = (event: RecordedEvent): RecordedEventSummary => ({
  type: event.type,
  eventId: event.metadata.eventId,
  globalPosition: event.metadata.globalPosition,
  streamRevision: event.metadata.streamRevision,
  recordedAt: event.metadata.recordedAt,
  hash: event.metadata.hash,
});

/** Recorded refusals answered as a refusal of the caller rather than of the command (else 422). */
const REFUSAL_STATUS: Readonly<Record<string, number>> = { 'DELIVERY.BLOCK_NOT_YOURS': 403 };

/**
 * The answer to a command, built only from what was stored, so that a retry gets the same answer.
 * A refusal the ledger recorded is a 422 (403 where it refuses the caller) that names what was recorded.
 */
export function commandResponse(result: CommandResult<unknown>): CommandResponse {
  const recorded = result.events.map(summarize);
  for (const event of result.events) {
    if (event.type === 'UnlockDenied') {
      const data = event.data as { reason: string; commandId: string; grantId: string };
      throw new HttpProblem(422, 'UNLOCK.DENIED', `The unlock was denied: ${data.reason}`, {
        ...data,
        replayed: result.replayed,
        recorded,
      });
    }
    if (event.type === 'CommandRefused') {
      const data = event.data as { code: string; message: string };
      throw new HttpProblem(REFUSAL_STATUS[data.code] ?? 422, data.code, data.message, {
        replayed: result.replayed,
        recorded,
      });
    }
  }
  return {
    deliveryId: result.id,
    replayed: result.replayed,
    changed: recorded.length > 0,
    events: recorded,
  };
}
