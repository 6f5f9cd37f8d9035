import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  RecordedEvent,
  StoredAppend,
} from '../../src/event-store/event-store.port.js';

/**
 * The part of the event store a command needs (read a stream, append at a revision, find a stored
 * append by its idempotency key), in memory, for unit specs of the shell. The contract suite holds the
 * real stores to the same rules.
 */
export class InMemoryEventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly appends = new Map<string, StoredAppend>();
  private position = 0;
  /** Runs once before the next append is checked: another writer getting there first. */
  beforeNextAppend: (() => Promise<void>) | null = null;
  /** How many times a stream was read (a command that kept its state reads none). */
  reads = 0;

  asEventStore(): EventStore {
    return this as unknown as EventStore;
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<RecordedEvent[]> {
    this.reads += 1;
    const from = options.fromRevision ?? 0;
    return (this.streams.get(streamId) ?? []).slice(from, from + (options.maxCount ?? Infinity));
  }

  async findAppend(streamId: string, key: string): Promise<StoredAppend | null> {
    return this.appends.get(`${streamId}\n${key}`) ?? null;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const interleaved = this.beforeNextAppend;
    this.beforeNextAppend = null;
    if (interleaved) await interleaved();
    const { streamId, idempotency } = request;
    const appendKey = idempotency && `${streamId}\n${idempotency.key}`;
    const stored = appendKey ? this.appends.get(appendKey) : undefined;
    if (stored && idempotency) {
      if (stored.fingerprint !== idempotency.fingerprint)
        throw new IdempotencyKeyReusedError(streamId, idempotency.key);
      return { status: 'duplicate', events: stored.events };
    }
    const stream = this.streams.get(streamId) ?? [];
    const expected = request.expectedRevision === 'no_stream' ? -1 : request.expectedRevision;
    if (expected !== 'any' && expected !== stream.length - 1)
      throw new WrongExpectedRevisionError(streamId, request.expectedRevision, stream.length - 1);
    const events = request.events.map((event, index): RecordedEvent => ({
      type: event.type,
      data: event.data,
      metadata: {
        ...event.context,
        eventId: event.eventId,
        streamId,
        schemaVersion: event.schemaVersion,
        recordedAt: event.context.occurredAt,
        idempotencyKey: idempotency?.key ?? null,
        globalPosition: this.position++,
        streamRevision: stream.length + index,
        hash: `hash-${this.position}`,
      },
    }));
    this.streams.set(streamId, [...stream, ...events]);
    if (appendKey && idempotency)
      this.appends.set(appendKey, { fingerprint: idempotency.fingerprint, events });
    return { status: 'appended', events };
  }
}
