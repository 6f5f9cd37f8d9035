import canonicalize from 'canonicalize';

import { CodedError } from '../domain/shared/coded-error.js';
import type { EventContext, EventToAppend, RecordedEvent } from './event-store.port.js';

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

/** Text that has no canonical JSON form: a lone surrogate, NaN, Infinity, a cycle. */
export class NotCanonicalJsonError extends CodedError {
  constructor(cause: unknown) {
    super(
      'REQUEST.INVALID_TEXT',
      400,
      'The request holds text or numbers that have no canonical JSON form (RFC 8785)',
      {},
      { cause },
    );
  }
}

/** RFC 8785 (JCS) text of a JSON value. */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new NotCanonicalJsonError(error);
  }
  if (text === undefined) throw new NotCanonicalJsonError('undefined');
  return text;
}

/** RFC 8785 text of an event record: the exact bytes (UTF-8) that are hashed and stored. */
export const canonicalEventText = (record: CanonicalEventRecord): string => canonicalJson(record);

/**
 * The canonical texts of one append's events, equal to canonicalEventText of each record. The events
 * of a command share their context, so its canonical form is made once and set in place: a JCS object
 * is its members' canonical forms in key order (data, eventId, metadata, schemaVersion, streamId,
 * type), which is what RFC 8785 defines recursively.
 */
export function canonicalAppendTexts(
  streamId: string,
  events: readonly EventToAppend[],
  recordedAt: string,
  idempotencyKey: string | null,
): string[] {
  const metadataTexts = new Map<EventContext, string>();
  const stream = canonicalJson(streamId);
  return events.map((event) => {
    let metadata = metadataTexts.get(event.context);
    if (metadata === undefined) {
      metadata = canonicalJson({ ...event.context, recordedAt, idempotencyKey });
      metadataTexts.set(event.context, metadata);
    }
    return (
      `{"data":${canonicalJson(event.data)},"eventId":${canonicalJson(event.eventId)},` +
      `"metadata":${metadata},"schemaVersion":${canonicalJson(event.schemaVersion)},` +
      `"streamId":${stream},"type":${canonicalJson(event.type)}}`
    );
  });
}

export function parseCanonicalEvent(text: string): CanonicalEventRecord {
  return JSON.parse(text) as CanonicalEventRecord;
}

/** A stored event read back: its canonical text, and where the store placed it. */
export function recordedFromCanonical(
  text: string,
  placed: { globalPosition: number; streamRevision: number; hash: string },
): RecordedEvent {
  const record = parseCanonicalEvent(text);
  return {
    type: record.type,
    data: record.data,
    metadata: {
      ...record.metadata,
      eventId: record.eventId,
      streamId: record.streamId,
      schemaVersion: record.schemaVersion,
      ...placed,
    },
  };
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

/** The text each event was read from, kept beside it by the store that read it (never copied). */
const readFrom = new WeakMap<RecordedEvent, string>();

/** For a store: `event` was parsed from `text`, the canonical bytes as stored and hashed. */
export function rememberCanonicalText(event: RecordedEvent, text: string): RecordedEvent {
  readFrom.set(event, text);
  return event;
}

/**
 * An event's canonical text: the stored text when the store read the event from it (no work, and
 * exactly the bytes that were hashed), else recomputed from the event (RFC 8785).
 */
export const canonicalTextOf = (event: RecordedEvent): string =>
  readFrom.get(event) ?? canonicalEventText(canonicalRecordOf(event));
