import {
  BACKWARDS,
  binaryEvent,
  END,
  type EventStoreDBClient,
  excludeSystemEvents,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

import { type Clock, systemClock } from '../../config/clock.js';
import { AppendNotifier } from '../../event-store/append-notifier.js';
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
  GlobalLogPage,
  RecordedEvent,
  StoredAppend,
} from '../../event-store/event-store.port.js';
import { chainHash, GENESIS_HASH } from '../../event-store/hash-chain.js';
import { ImportMismatchError, type LedgerImporter } from '../../event-store/ledger-import.js';
import { translateEsdbError, withRetries } from './eventstoredb-errors.js';
import {
  appendRevision,
  type EsdbEventMetadata,
  isKeytrailEvent,
  readPosition,
  recordedEventOf,
} from './eventstoredb-mapping.js';

export interface EventStoreDbOptions {
  readonly pollIntervalMs: number;
  /** Appends with expected revision `any` re-read the head and try again this often on a race. */
  readonly anyRevisionAttempts: number;
}

interface StreamHead {
  readonly revision: number;
  readonly hash: Buffer;
}

/**
 * The event store over EventStoreDB (KurrentDB), for deployments that outgrow one PostgreSQL. Each
 * event is stored as its canonical bytes (binary data, so the bytes hashed are the bytes kept), with
 * its chain hash in the metadata. The adapter reads the stream head, chains the hashes, and appends
 * at that exact revision: EventStoreDB's optimistic concurrency then guards the chain.
 */
export class EventStoreDbEventStore implements EventStore, LedgerImporter {
  private readonly notifier = new AppendNotifier();
  /** Stream tips while importing, so each event costs one append. */
  private readonly importTips = new Map<string, StreamHead>();
  private readonly importedKeys = new Set<string>();
  private live: AbortController | null = null;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbOptions = { pollIntervalMs: 250, anyRevisionAttempts: 5 },
    private readonly clock: Clock = systemClock,
  ) {}

  async append(request: AppendRequest): Promise<AppendResult> {
    if (request.events.length === 0) throw new TypeError('An append needs at least one event');
    const key = request.idempotency;
    if (key) {
      const stored = await this.findAppend(request.streamId, key.key);
      if (stored) return this.answerRetry(request, stored);
    }
    const attempts = request.expectedRevision === 'any' ? this.options.anyRevisionAttempts : 1;
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.head(request.streamId);
      const expected = request.expectedRevision;
      if (
        (expected === 'no_stream' && head.revision >= 0) ||
        (typeof expected === 'number' && expected !== head.revision)
      ) {
        throw new WrongExpectedRevisionError(request.streamId, expected, head.revision);
      }
      try {
        return { status: 'appended', events: await this.write(request, head) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError))
          throw translateEsdbError(error, request.streamId);
        // Someone appended between our read of the head and our write.
        if (key) {
          const stored = await this.findAppend(request.streamId, key.key);
          if (stored) return this.answerRetry(request, stored);
        }
        if (attempt >= attempts) {
          const actual = error.actualVersion === 'no_stream' ? -1 : Number(error.actualVersion);
          throw new WrongExpectedRevisionError(request.streamId, expected, actual);
        }
      }
    }
  }

  async readStream(
    streamId: string,
    options: { fromRevision?: number; maxCount?: number } = {},
  ): Promise<readonly RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      await withRetries(async () => {
        events.length = 0;
        for await (const resolved of this.client.readStream(streamId, {
          fromRevision: BigInt(options.fromRevision ?? 0),
          ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
        })) {
          if (resolved.event) events.push(recordedEventOf(resolved.event));
        }
      });
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw translateEsdbError(error, streamId);
    }
    return events;
  }

  async findAppend(streamId: string, idempotencyKey: string): Promise<StoredAppend | null> {
    const stream = await this.readStream(streamId);
    const first = stream.findIndex((e) => e.metadata.idempotencyKey === idempotencyKey);
    if (first < 0) return null;
    const meta = await this.metadataAt(streamId, stream[first]!.metadata.streamRevision);
    const size = meta.appendSize ?? 1;
    return {
      fingerprint: meta.fingerprint ?? 'migrated',
      events: stream.slice(first, first + size),
    };
  }

  async readAll(options: { fromPosition: number; maxCount: number }): Promise<GlobalLogPage> {
    const events: RecordedEvent[] = [];
    let read = 0;
    let nextPosition = options.fromPosition;
    try {
      await withRetries(async () => {
        events.length = 0;
        read = 0;
        for await (const resolved of this.client.readAll({
          fromPosition: readPosition(options.fromPosition),
          maxCount: options.maxCount,
        })) {
          read += 1;
          const event = resolved.event;
          if (!event) continue;
          nextPosition = Math.max(nextPosition, Number(event.position.commit) + 1);
          if (isKeytrailEvent(event)) events.push(recordedEventOf(event));
        }
      });
    } catch (error) {
      throw translateEsdbError(error);
    }
    return { events, nextPosition, isEnd: read < options.maxCount };
  }

  subscribe(options: {
    fromPosition: number;
    signal: AbortSignal;
    pageSize?: number;
  }): AsyncIterable<RecordedEvent> {
    this.listen();
    return catchUp((page) => this.readAll(page), this.notifier, {
      fromPosition: options.fromPosition,
      signal: options.signal,
      pageSize: options.pageSize ?? 500,
      pollIntervalMs: this.options.pollIntervalMs,
    });
  }

  awaitAppend(signal: AbortSignal, timeoutMs: number): Promise<void> {
    this.listen();
    return this.notifier.wait(signal, timeoutMs);
  }

  async headPosition(): Promise<number> {
    try {
      return await withRetries(async () => {
        for await (const resolved of this.client.readAll({
          fromPosition: END,
          direction: BACKWARDS,
          maxCount: 1,
        })) {
          if (resolved.event) return Number(resolved.event.position.commit) + 1;
        }
        return 0;
      });
    } catch (error) {
      throw translateEsdbError(error);
    }
  }

  async close(): Promise<void> {
    this.live?.abort();
    await this.client.dispose();
  }

  /** Takes events from another store as they are, in order, one append each (see LedgerImporter). */
  async importEvents(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const m = event.metadata;
      const tip = this.importTips.get(m.streamId) ?? (await this.head(m.streamId));
      if (tip.revision >= m.streamRevision) {
        const [there] = await this.readStream(m.streamId, {
          fromRevision: m.streamRevision,
          maxCount: 1,
        });
        if (there?.metadata.eventId !== m.eventId) {
          throw new ImportMismatchError(
            event,
            `revision ${m.streamRevision} already holds another event`,
          );
        }
        continue;
      }
      if (tip.revision !== m.streamRevision - 1) {
        throw new ImportMismatchError(event, `the target's stream is at revision ${tip.revision}`);
      }
      const text = canonicalEventText(canonicalRecordOf(event));
      const hash = chainHash(tip.hash, text);
      if (hash.toString('hex') !== m.hash) {
        throw new ImportMismatchError(
          event,
          `its bytes and history give hash ${hash.toString('hex')}`,
        );
      }
      const keyOnce =
        m.idempotencyKey !== null && !this.importedKeys.has(`${m.streamId}\n${m.idempotencyKey}`);
      if (keyOnce) this.importedKeys.add(`${m.streamId}\n${m.idempotencyKey}`);
      try {
        await withRetries(() =>
          this.client.appendToStream(
            m.streamId,
            binaryEvent({
              id: m.eventId,
              type: event.type,
              data: Buffer.from(text, 'utf8'),
              metadata: {
                hash: m.hash,
                // The request fingerprint did not travel: a retry of that request is answered 409.
                ...(keyOnce ? { fingerprint: 'migrated', appendSize: 1 } : {}),
              } satisfies EsdbEventMetadata,
            }),
            { expectedRevision: appendRevision(tip.revision) },
          ),
        );
      } catch (error) {
        throw translateEsdbError(error, m.streamId);
      }
      this.importTips.set(m.streamId, { revision: m.streamRevision, hash });
    }
    this.notifier.notify();
  }

  /** Wakes readers on appends by any process: a live `$all` subscription, renewed when it drops. */
  private listen(): void {
    if (this.live) return;
    const live = new AbortController();
    this.live = live;
    void (async () => {
      while (!live.signal.aborted) {
        try {
          const subscription = this.client.subscribeToAll({
            fromPosition: END,
            filter: excludeSystemEvents(),
          });
          live.signal.addEventListener('abort', () => void subscription.unsubscribe(), {
            once: true,
          });
          for await (const _ of subscription) this.notifier.notify();
        } catch {
          // Dropped: readers go on polling; subscribe again after a pause.
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    })();
  }

  private async head(streamId: string): Promise<StreamHead> {
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        if (resolved.event) {
          const event = recordedEventOf(resolved.event);
          return {
            revision: event.metadata.streamRevision,
            hash: Buffer.from(event.metadata.hash, 'hex'),
          };
        }
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw translateEsdbError(error, streamId);
    }
    return { revision: -1, hash: GENESIS_HASH };
  }

  private async metadataAt(streamId: string, revision: number): Promise<EsdbEventMetadata> {
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: BigInt(revision),
      maxCount: 1,
    })) {
      return (resolved.event?.metadata ?? {}) as unknown as EsdbEventMetadata;
    }
    return { hash: '' };
  }

  private async write(request: AppendRequest, head: StreamHead): Promise<RecordedEvent[]> {
    const recordedAt = this.clock.now();
    const idempotencyKey = request.idempotency?.key ?? null;
    const texts = canonicalAppendTexts(
      request.streamId,
      request.events,
      recordedAt,
      idempotencyKey,
    );
    let previous = head.hash;
    const hashes = texts.map((text) => (previous = chainHash(previous, text)).toString('hex'));
    await this.client.appendToStream(
      request.streamId,
      request.events.map((event, i) =>
        binaryEvent({
          id: event.eventId,
          type: event.type,
          data: Buffer.from(texts[i]!, 'utf8'),
          metadata: {
            hash: hashes[i]!,
            ...(i === 0 && request.idempotency
              ? { fingerprint: request.idempotency.fingerprint, appendSize: request.events.length }
              : {}),
          } satisfies EsdbEventMetadata,
        }),
      ),
      { expectedRevision: appendRevision(head.revision) },
    );
    this.notifier.notify();
    // EventStoreDB assigns $all positions: read the events back to learn them.
    return [
      ...(await this.readStream(request.streamId, {
        fromRevision: head.revision + 1,
        maxCount: request.events.length,
      })),
    ];
  }

  private answerRetry(request: AppendRequest, stored: StoredAppend): AppendResult {
    if (stored.fingerprint !== request.idempotency?.fingerprint) {
      throw new IdempotencyKeyReusedError(request.streamId, request.idempotency?.key ?? '');
    }
    return { status: 'duplicate', events: stored.events };
  }
}
