import type pg from 'pg';

import { type Clock, systemClock } from '../../config/clock.js';
import { AppendNotifier } from '../../event-store/append-notifier.js';
import type { AppendObserver } from '../../event-store/append-observer.js';
import {
  canonicalAppendTexts,
  canonicalEventText,
  canonicalRecordOf,
} from '../../event-store/canonical-event.js';
import { catchUp } from '../../event-store/catch-up-subscription.js';
import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../event-store/event-store.errors.js';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalLogPage,
  RecordedEvent,
  StoredAppend,
  CanonicalEventBytes,
} from '../../event-store/event-store.port.js';
import { ImportMismatchError, type LedgerImporter } from '../../event-store/ledger-import.js';
import { AppendCoalescer, type CoalescerOptions } from './append-coalescer.js';
import { copyCanonicalLog } from './copy-canonical-log.js';
import { EVENT_COLUMNS, type EventRow, recordedEventFrom } from './postgres-event-rows.js';
import { isStatementError, readOrUnavailable, translateAppendError } from './postgres-errors.js';

export interface PostgresEventStoreOptions extends CoalescerOptions {
  readonly pollIntervalMs: number;
  /** Scan with binary COPY (a PostgreSQL server); off on the embedded PGlite, whose COPY is broken. */
  readonly binaryCopy?: boolean;
  /** Told of every batch written (the metrics). */
  readonly observer?: AppendObserver;
}

export const DEFAULT_POSTGRES_EVENT_STORE_OPTIONS: PostgresEventStoreOptions = {
  maxAppendsPerBatch: 500,
  maxEventsPerBatch: 5000,
  maxConcurrentBatches: 2,
  pollIntervalMs: 250,
  binaryCopy: true,
};

const RECORD_SEPARATOR = '\u001e';

interface PreparedAppend {
  readonly request: AppendRequest;
  readonly recordedAt: string;
  readonly canonical: readonly string[];
}

interface AppendOutcome {
  readonly status: 'appended' | 'duplicate' | 'key_reused' | 'conflict';
  readonly firstPosition: number;
  readonly firstRevision: number;
  readonly currentRevision: number;
  readonly hashes: readonly string[];
}

interface AppendFunctionRow {
  outcomes: string[];
  first_positions: (string | null)[];
  first_revisions: (string | null)[];
  current_revisions: (string | null)[];
  /** Hex hashes of the batch's events, comma-separated; empty where an append stored nothing. */
  hashes: string;
}

const encodeExpected = (expected: ExpectedRevision): number =>
  expected === 'no_stream' ? -1 : expected === 'any' ? -2 : expected;

function prepare(request: AppendRequest, recordedAt: string): PreparedAppend {
  if (request.events.length === 0) throw new TypeError('An append needs at least one event');
  const idempotencyKey = request.idempotency?.key ?? null;
  const canonical = canonicalAppendTexts(
    request.streamId,
    request.events,
    recordedAt,
    idempotencyKey,
  );
  return { request, recordedAt, canonical };
}

/** The PostgreSQL event store: appends are coalesced into one call of ledger.append per batch. */
export class PostgresEventStore implements EventStore, LedgerImporter {
  private readonly notifier = new AppendNotifier();
  private readonly coalescer: AppendCoalescer<PreparedAppend, AppendOutcome>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresEventStoreOptions = DEFAULT_POSTGRES_EVENT_STORE_OPTIONS,
    /** The ledger clock: what recordedAt says. */
    private readonly clock: Clock = systemClock,
  ) {
    this.coalescer = new AppendCoalescer(
      (batch) => this.writeBatch(batch),
      (prepared) => prepared.request.events.length,
      isStatementError,
      options,
    );
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const prepared = prepare(request, this.clock.now());
    let outcome: AppendOutcome;
    try {
      outcome = await this.coalescer.submit(prepared);
    } catch (error) {
      throw translateAppendError(error, request.streamId);
    }
    switch (outcome.status) {
      case 'appended':
        this.notifier.notify();
        return { status: 'appended', events: recordedFrom(prepared, outcome) };
      case 'duplicate':
        return { status: 'duplicate', events: await this.readAppendAt(outcome.firstPosition) };
      case 'key_reused':
        throw new IdempotencyKeyReusedError(request.streamId, request.idempotency?.key ?? '');
      case 'conflict':
        throw new WrongExpectedRevisionError(
          request.streamId,
          request.expectedRevision,
          outcome.currentRevision,
        );
    }
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<readonly RecordedEvent[]> {
    const { rows } = await readOrUnavailable(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ledger.events
          WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
        [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
      ),
    );
    return rows.map(recordedEventFrom);
  }

  async findAppend(streamId: string, idempotencyKey: string): Promise<StoredAppend | null> {
    const { rows } = await readOrUnavailable(() =>
      this.pool.query<{ position: string; request_fingerprint: string }>(
        `SELECT position, request_fingerprint FROM ledger.events
          WHERE stream_id = $1 AND idempotency_key = $2`,
        [streamId, idempotencyKey],
      ),
    );
    const first = rows[0];
    if (!first) return null;
    return {
      fingerprint: first.request_fingerprint,
      events: await this.readAppendAt(Number(first.position)),
    };
  }

  async readAll(options: { fromPosition: number; maxCount: number }): Promise<GlobalLogPage> {
    const { rows } = await readOrUnavailable(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ledger.events
          WHERE position >= $1 ORDER BY position LIMIT $2`,
        [options.fromPosition, options.maxCount],
      ),
    );
    const events = rows.map(recordedEventFrom);
    const last = events.at(-1);
    return {
      events,
      nextPosition: last ? last.metadata.globalPosition + 1 : options.fromPosition,
      isEnd: events.length < options.maxCount,
    };
  }

  async *scanCanonical(fromPosition: number): AsyncGenerator<CanonicalEventBytes[]> {
    if (this.options.binaryCopy !== false) {
      yield* copyCanonicalLog(this.pool, fromPosition);
      return;
    }
    for (let position = fromPosition; ;) {
      const { rows } = await readOrUnavailable(() =>
        this.pool.query<{
          position: string;
          stream_id: string;
          revision: string;
          event_id: string;
          canonical: string;
          hash: Buffer;
        }>(
          `SELECT position, stream_id, revision, event_id, canonical, hash FROM ledger.events
            WHERE position >= $1 ORDER BY position LIMIT 5000`,
          [position],
        ),
      );
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        globalPosition: Number(row.position),
        streamId: row.stream_id,
        streamRevision: Number(row.revision),
        eventId: row.event_id,
        bytes: Buffer.from(row.canonical, 'utf8'),
        hash: row.hash,
        prefixRoom: 0,
      }));
      position = Number(rows.at(-1)!.position) + 1;
    }
  }

  subscribe(options: {
    fromPosition: number;
    signal: AbortSignal;
    pageSize?: number;
  }): AsyncIterable<RecordedEvent> {
    return catchUp((page) => this.readAll(page), this.notifier, {
      fromPosition: options.fromPosition,
      signal: options.signal,
      pageSize: options.pageSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs,
    });
  }

  awaitAppend(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return this.notifier.wait(signal, timeoutMs);
  }

  async headPosition(): Promise<number> {
    const { rows } = await readOrUnavailable(() =>
      this.pool.query<{ next_position: string }>(`SELECT next_position FROM ledger.head`),
    );
    return Number(rows[0]?.next_position ?? 0);
  }

  /**
   * Takes events from another store as they are, one append each, in order, in one call per batch.
   * The first event carrying an idempotency key in its stream keeps the key; its request fingerprint
   * did not travel, so a retry of that request is answered 409 rather than replayed.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<void> {
    const seenKeys = new Set<string>();
    const prepared: PreparedAppend[] = events.map((event) => {
      const m = event.metadata;
      const keyed =
        m.idempotencyKey !== null && !seenKeys.has(`${m.streamId}\n${m.idempotencyKey}`);
      if (keyed) seenKeys.add(`${m.streamId}\n${m.idempotencyKey}`);
      return {
        request: {
          streamId: m.streamId,
          expectedRevision: m.streamRevision === 0 ? 'no_stream' : m.streamRevision - 1,
          events: [
            {
              eventId: m.eventId,
              type: event.type,
              schemaVersion: m.schemaVersion,
              data: event.data as object,
              context: m,
            },
          ],
          ...(keyed ? { idempotency: { key: m.idempotencyKey, fingerprint: 'migrated' } } : {}),
        },
        recordedAt: m.recordedAt,
        canonical: [canonicalEventText(canonicalRecordOf(event))],
      };
    });
    const outcomes = await this.writeBatch(prepared);
    for (const [i, outcome] of outcomes.entries()) {
      const event = events[i]!;
      if (outcome.status === 'appended' && outcome.hashes[0] !== event.metadata.hash) {
        throw new ImportMismatchError(event, `the target computes hash ${outcome.hashes[0]}`);
      }
      if (
        outcome.status === 'conflict' ||
        outcome.status === 'duplicate' ||
        outcome.status === 'key_reused'
      ) {
        const [there] = await this.readStream(event.metadata.streamId, {
          fromRevision: event.metadata.streamRevision,
          maxCount: 1,
        });
        if (there?.metadata.eventId !== event.metadata.eventId) {
          throw new ImportMismatchError(
            event,
            `revision ${event.metadata.streamRevision} already holds another event`,
          );
        }
      }
    }
  }

  private async readAppendAt(firstPosition: number): Promise<RecordedEvent[]> {
    const { rows } = await readOrUnavailable(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM ledger.events
          WHERE position >= $1
            AND position < $1 + (SELECT append_size FROM ledger.events WHERE position = $1)
          ORDER BY position`,
        [firstPosition],
      ),
    );
    return rows.map(recordedEventFrom);
  }

  private async writeBatch(batch: readonly PreparedAppend[]): Promise<AppendOutcome[]> {
    const begun = performance.now();
    const { rows } = await this.pool.query<AppendFunctionRow>(
      `SELECT outcomes, first_positions, first_revisions, current_revisions,
              array_to_string(ARRAY(SELECT coalesce(encode(h, 'hex'), '') FROM unnest(hashes) h), ',') AS hashes
         FROM ledger.append($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        batch.map((p) => p.request.streamId),
        batch.map((p) => encodeExpected(p.request.expectedRevision)),
        batch.map((p) => p.request.idempotency?.key ?? null),
        batch.map((p) => p.request.idempotency?.fingerprint ?? null),
        batch.map((p) => p.request.events.length),
        batch.map((p) => p.recordedAt),
        batch.flatMap((p) => p.request.events.map((e) => e.eventId)),
        batch.flatMap((p) => p.request.events.map((e) => e.type)),
        batch.flatMap((p) => p.canonical).join(RECORD_SEPARATOR),
      ],
    );
    const row = rows[0]!;
    this.options.observer?.batchWritten(
      batch.length,
      batch.reduce((events, p) => events + p.request.events.length, 0),
      (performance.now() - begun) / 1000,
    );
    const hashes = row.hashes.split(',');
    let offset = 0;
    return batch.map((prepared, i) => {
      const count = prepared.request.events.length;
      const outcome: AppendOutcome = {
        status: row.outcomes[i] as AppendOutcome['status'],
        firstPosition: Number(row.first_positions[i]),
        firstRevision: Number(row.first_revisions[i]),
        currentRevision: Number(row.current_revisions[i]),
        hashes: hashes.slice(offset, offset + count),
      };
      offset += count;
      return outcome;
    });
  }
}

/** The stored events, from the request: what was hashed is exactly their canonical form. */
function recordedFrom(prepared: PreparedAppend, outcome: AppendOutcome): RecordedEvent[] {
  const { request, recordedAt } = prepared;
  const idempotencyKey = request.idempotency?.key ?? null;
  return request.events.map((event, i) => ({
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: event.context.occurredAt,
      actor: event.context.actor,
      source: event.context.source,
      correlationId: event.context.correlationId,
      causationId: event.context.causationId,
      recordedAt,
      idempotencyKey,
      eventId: event.eventId,
      streamId: request.streamId,
      schemaVersion: event.schemaVersion,
      globalPosition: outcome.firstPosition + i,
      streamRevision: outcome.firstRevision + i,
      hash: outcome.hashes[i]!,
    },
  }));
}
