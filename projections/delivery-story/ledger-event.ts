import type { DeliveryEvent } from '../../src/domain/delivery/delivery.events.js';
import type { Actor } from '../../src/domain/shared/actor.js';
import type { Instant } from '../../src/domain/shared/instant.js';

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

/** When it happened: the car's clock for what the car reports, the source's clock otherwise. */
export function eventTime(event: LedgerEvent): Instant {
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
