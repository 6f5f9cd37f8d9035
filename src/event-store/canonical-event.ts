import canonicalize from 'canonicalize';

import type { EventContext, RecordedEvent } from './event-store.port.js';

/** What an event's hash covers; its stream revision and global position are bound by the chain and the tree. */
export interface CanonicalEventRecord {
  readonly streamId: string;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventContext & {
    readonly recordedAt: string;
    readonly idempotencyKey: string | null;
  };
}

/** RFC 8785 (JCS) text of an event record: the exact bytes (UTF-8) that are hashed and stored. */
export function canonicalEventText(record: CanonicalEventRecord): string {
  const text = canonicalize(record);
  if (text === undefined) throw new TypeError(`Event ${record.eventId} cannot be canonicalised`);
  return text;
}

export function parseCanonicalEvent(text: string): CanonicalEventRecord {
  return JSON.parse(text) as CanonicalEventRecord;
}

/** The record a stored event was hashed from, rebuilt from what the store returns (for verification). */
export function canonicalRecordOf(event: RecordedEvent): CanonicalEventRecord {
  const m = event.metadata;
  return {
    streamId: m.streamId,
    eventId: m.eventId,
    type: event.type,
    schemaVersion: m.schemaVersion,
    data: event.data,
    metadata: {
      occurredAt: m.occurredAt,
      actor: m.actor,
      source: m.source,
      correlationId: m.correlationId,
      causationId: m.causationId,
      recordedAt: m.recordedAt,
      idempotencyKey: m.idempotencyKey,
    },
  };
}
