import type { DeliveryEvent } from '../../domain/delivery/delivery.events.js';
import {
  EVIDENCE_ONLY_VERDICTS,
  type SourceTimeVerdict,
} from '../../domain/delivery/delivery.vocabulary.js';
import type { Actor } from '../../domain/shared/actor.js';
import type { Instant } from '../../domain/shared/instant.js';

/** A delivery event with the envelope the read side shows (the event store's RecordedEvent has it). */
export type LedgerEvent = DeliveryEvent & {
  readonly metadata: {
    readonly eventId: string;
    readonly streamId: string;
    readonly globalPosition: number;
    readonly streamRevision: number;
    readonly schemaVersion: number;
    readonly occurredAt: Instant;
    readonly recordedAt: Instant;
    readonly actor: Actor;
    readonly source: string;
    readonly correlationId: string;
    readonly causationId: string;
    readonly hash: string;
  };
};

/** The decider's word on an event's own timestamps, where it judged them. */
export function timeVerdictOf(event: LedgerEvent): SourceTimeVerdict | null {
  switch (event.type) {
    case 'VehicleStatusReported':
      return event.data.lockVerdict === 'timestamp_in_future' ? 'timestamp_in_future' : null;
    case 'ClosureOpened':
    case 'ClosureClosed':
    case 'UnlockCommandResult':
    case 'LockCommandResult':
    case 'VehiclePositionReported':
      return event.data.timeVerdict ?? null;
    default:
      return null;
  }
}

/** Recorded as evidence only: it changes no state, opens nothing, starts no deadline. */
export function isEvidenceOnly(event: LedgerEvent): boolean {
  if (event.type === 'VehicleStatusReported')
    return EVIDENCE_ONLY_VERDICTS.has(event.data.lockVerdict);
  return timeVerdictOf(event) !== null;
}

/**
 * When it happened: the car's clock for what the car reports, the source's clock otherwise; the
 * ledger's clock for a fact stamped in the future, whose own time is not believed.
 */
export function eventTime(event: LedgerEvent): Instant {
  if (timeVerdictOf(event) === 'timestamp_in_future') return event.metadata.recordedAt;
  switch (event.type) {
    case 'ClosureOpened':
    case 'ClosureClosed':
      return event.data.vehicleTimestamp;
    case 'VehicleStatusReported':
    case 'LockConfirmed':
      return event.data.statusTimestamp;
    default:
      return event.metadata.occurredAt;
  }
}
