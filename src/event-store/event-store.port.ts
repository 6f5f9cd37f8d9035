import type { Actor } from '../domain/shared/actor.js';
import type { Instant } from '../domain/shared/instant.js';

export const EVENT_STORE = Symbol('EVENT_STORE');

/** `no_stream`: the stream must not exist; `any`: no check; a number: the stream's last revision. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** Who caused an event, where it came from and when, by the source's clock. */
export interface EventContext {
  readonly occurredAt: Instant;
  readonly actor: Actor;
  readonly source: string;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface EventToAppend {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: object;
  readonly context: EventContext;
}

export interface Idempotency {
  readonly key: string;
  /** A digest of the request: the same key with another request is refused. */
  readonly fingerprint: string;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly EventToAppend[];
  readonly idempotency?: Idempotency;
}

export interface RecordedMetadata extends EventContext {
  readonly eventId: string;
  readonly streamId: string;
  readonly schemaVersion: number;
  readonly recordedAt: Instant;
  readonly idempotencyKey: string | null;
  /** The event's place in the global order: strictly increasing, never reused. */
  readonly globalPosition: number;
  /** 0 for a stream's first event. */
  readonly streamRevision: number;
  /** Hex SHA-256 over the previous event's hash in the stream and this event's canonical bytes. */
  readonly hash: string;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: RecordedMetadata;
}

export interface AppendResult {
  /** `duplicate`: the idempotency key was stored before; nothing new was stored. */
  readonly status: 'appended' | 'duplicate';
  readonly events: readonly RecordedEvent[];
}

export interface GlobalLogPage {
  readonly events: readonly RecordedEvent[];
  /** Where the next page starts. */
  readonly nextPosition: number;
  /** True when the page reached the end of what was committed when it was read. */
  readonly isEnd: boolean;
}

/** An event's bytes as hashed and stored: what verification reads when a store can give them. */
export interface CanonicalEventBytes {
  readonly globalPosition: number;
  readonly streamId: string;
  readonly streamRevision: number;
  readonly eventId: string;
  /** RFC 8785 text as UTF-8: the bytes of the hash chain link and of the Merkle leaf. */
  readonly bytes: Uint8Array;
  readonly hash: Uint8Array;
  /** How many bytes before `bytes` in its buffer are free to overwrite (a verifier writes prefixes there). */
  readonly prefixRoom: number;
}

export interface StoredAppend {
  readonly fingerprint: string;
  readonly events: readonly RecordedEvent[];
}

/**
 * The ledger's event store. Implemented over PostgreSQL (the default, also embedded) and EventStoreDB;
 * every implementation passes the same contract suite (test/contract/event-store.contract.ts).
 */
export interface EventStore {
  /** Stores all the events or none: WrongExpectedRevisionError when the stream moved on. */
  append(request: AppendRequest): Promise<AppendResult>;
  readStream(
    streamId: string,
    options?: { fromRevision?: number; maxCount?: number },
  ): Promise<readonly RecordedEvent[]>;
  /** The events an earlier append with this idempotency key stored, if there was one. */
  findAppend(streamId: string, idempotencyKey: string): Promise<StoredAppend | null>;
  /** The global log forward from a position (inclusive), one page at a time. */
  readAll(options: { fromPosition: number; maxCount: number }): Promise<GlobalLogPage>;
  /** Catch-up subscription: every event from the position on, then new ones as they commit. */
  subscribe(options: {
    fromPosition: number;
    signal: AbortSignal;
    pageSize?: number;
  }): AsyncIterable<RecordedEvent>;
  /** The position the next committed event will get (0 on an empty ledger). */
  headPosition(): Promise<number>;
  /**
   * Resolves when this process appends, after `timeoutMs`, or when `signal` aborts: how readers that
   * page with readAll wait for more (appends by other processes are found by reading again).
   */
  awaitAppend(signal: AbortSignal, timeoutMs: number): Promise<void>;
  /**
   * The global log's stored bytes from a position on, in batches, when the store keeps them as hashed
   * (PostgreSQL): verification then skips parsing and re-canonicalising each event. Optional: other
   * stores are read through readAll.
   */
  scanCanonical?(fromPosition: number): AsyncIterable<readonly CanonicalEventBytes[]>;
}
