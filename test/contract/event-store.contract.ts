import { createHash } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { canonicalEventText, canonicalRecordOf } from '../../src/event-store/canonical-event.js';
import {
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../src/event-store/event-store.errors.js';
import type {
  AppendResult,
  EventStore,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH } from '../../src/event-store/hash-chain.js';
import { anAppend, anEvent, uniqueStream } from './event-fixtures.js';

export interface ContractSubject {
  readonly store: EventStore;
  /** Another writer on the same ledger, as another process would be. */
  openWriter(): Promise<EventStore>;
  /** Runs SQL as the application does; undefined for stores that have no SQL. */
  readonly executeSql?: (sql: string) => Promise<unknown>;
  close(): Promise<void>;
}

export interface ContractScale {
  readonly writers: number;
  readonly eventsPerWriter: number;
}

async function readWholeLog(store: EventStore, pageSize: number): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let position = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount: pageSize });
    all.push(...page.events);
    position = page.nextPosition;
    if (page.isEnd) return all;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One suite for every event store adapter: what the ledger relies on, whatever stores it. */
export function describeEventStoreContract(
  name: string,
  openSubject: () => Promise<ContractSubject>,
  options: { scale: ContractScale; appendOnlyBySql: boolean },
): void {
  const { scale } = options;
  describe(`${name} event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeAll(async () => {
      subject = await openSubject();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.close();
    });

    describe('appending and reading a stream', () => {
      it('stores the events of one append in order, with revisions from 0 and the full envelope', async () => {
        const stream = uniqueStream();
        const request = anAppend(stream, 'no_stream', 3);
        const result = await store.append(request);

        expect(result.status).toBe('appended');
        const read = await store.readStream(stream);
        expect(read).toEqual(result.events);
        expect(read.map((e) => e.metadata.streamRevision)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.metadata.eventId)).toEqual(request.events.map((e) => e.eventId));
        const positions = read.map((e) => e.metadata.globalPosition);
        expect(positions[1]).toBeGreaterThan(positions[0]!);
        expect(positions[2]).toBeGreaterThan(positions[1]!);
        const [first] = read;
        expect(first!.data).toEqual(request.events[0]!.data);
        expect(first!.metadata).toMatchObject({
          ...request.events[0]!.context,
          streamId: stream,
          schemaVersion: 1,
          idempotencyKey: null,
        });
        expect(Date.parse(first!.metadata.recordedAt)).not.toBeNaN();
        expect(first!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('reads a stream from a revision, and an unknown stream as empty', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'no_stream', 5));
        const tail = await store.readStream(stream, { fromRevision: 3 });
        expect(tail.map((e) => e.metadata.streamRevision)).toEqual([3, 4]);
        const two = await store.readStream(stream, { fromRevision: 1, maxCount: 2 });
        expect(two.map((e) => e.metadata.streamRevision)).toEqual([1, 2]);
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('refuses an append with no events', async () => {
        await expect(
          store.append({ ...anAppend(uniqueStream(), 'any'), events: [] }),
        ).rejects.toThrow(TypeError);
      });
    });

    describe('optimistic concurrency', () => {
      it('appends to a new stream with no_stream and refuses no_stream on an existing one', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'no_stream'));
        const refused = store.append(anAppend(stream, 'no_stream', 2));
        await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        await expect(refused).rejects.toMatchObject({ streamId: stream, actual: 0 });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('appends at the exact revision and refuses a stale one, storing nothing of it', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'no_stream', 2));
        await store.append(anAppend(stream, 1));
        await expect(store.append(anAppend(stream, 1, 3))).rejects.toMatchObject({
          name: 'WrongExpectedRevisionError',
          actual: 2,
        });
        await expect(store.append(anAppend(uniqueStream(), 0))).rejects.toMatchObject({
          actual: -1,
        });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('appends with any whatever the revision', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'any'));
        await store.append(anAppend(stream, 'any', 2));
        expect((await store.readStream(stream)).map((e) => e.metadata.streamRevision)).toEqual([
          0, 1, 2,
        ]);
      });

      it('lets exactly one of many concurrent writers at the same revision win', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'no_stream'));
        const writers = await Promise.all(Array.from({ length: 4 }, () => subject.openWriter()));
        const attempts = [store, ...writers, store, ...writers].map((writer) =>
          writer.append(anAppend(stream, 0, 2)),
        );
        const settled = await Promise.allSettled(attempts);

        const won = settled.filter((s) => s.status === 'fulfilled');
        const lost = settled.filter((s) => s.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedRevisionError);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(3);
        expect(stored.slice(1)).toEqual(
          (won[0] as PromiseFulfilledResult<AppendResult>).value.events,
        );
      });

      it('keeps the other appends of a batch when one of them conflicts', async () => {
        const streams = Array.from({ length: 10 }, () => uniqueStream());
        await Promise.all(streams.map((s) => store.append(anAppend(s, 'no_stream'))));
        const settled = await Promise.allSettled(
          streams.map((s, i) => store.append(anAppend(s, i === 4 ? 7 : 0))),
        );
        expect(settled.map((s) => s.status)).toEqual(
          streams.map((_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
        );
        const lengths = await Promise.all(
          streams.map(async (s) => (await store.readStream(s)).length),
        );
        expect(lengths).toEqual(streams.map((_, i) => (i === 4 ? 1 : 2)));
      });

      it('refuses an event id that is already stored, and only that append', async () => {
        const stream = uniqueStream();
        const first = await store.append(anAppend(stream, 'no_stream'));
        const reused = { ...anEvent(), eventId: first.events[0]!.metadata.eventId };
        const other = uniqueStream();
        const [refused, accepted] = await Promise.allSettled([
          store.append({ streamId: uniqueStream(), expectedRevision: 'any', events: [reused] }),
          store.append(anAppend(other, 'no_stream')),
        ]);
        expect(refused.status).toBe('rejected');
        expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
        expect(accepted.status).toBe('fulfilled');
        expect(await store.readStream(other)).toHaveLength(1);
      });

      it('stores every event of an append or none of them', async () => {
        const stream = uniqueStream();
        const taken = (await store.append(anAppend(uniqueStream(), 'no_stream'))).events[0]!;
        const request = anAppend(stream, 'no_stream', 3);
        const failing = {
          ...request,
          events: [
            request.events[0]!,
            { ...request.events[1]!, eventId: taken.metadata.eventId },
            request.events[2]!,
          ],
        };
        await expect(store.append(failing)).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await store.readStream(stream)).toEqual([]);
        await store.append(request);
        expect(await store.readStream(stream)).toHaveLength(3);
      });
    });

    describe('idempotency', () => {
      it('stores an append once and answers a retry with the original events', async () => {
        const stream = uniqueStream();
        const idempotency = { key: 'volvo-webhook-1', fingerprint: 'f1' };
        const original = await store.append(anAppend(stream, 'any', 2, idempotency));
        const retry = await store.append(anAppend(stream, 'any', 2, idempotency));

        expect(retry.status).toBe('duplicate');
        expect(retry.events).toEqual(original.events);
        expect(await store.readStream(stream)).toEqual(original.events);
        expect(await store.findAppend(stream, 'volvo-webhook-1')).toEqual({
          fingerprint: 'f1',
          events: original.events,
        });
        expect(original.events[1]!.metadata.idempotencyKey).toBe('volvo-webhook-1');
      });

      it('answers a retry even when the stream has moved on since', async () => {
        const stream = uniqueStream();
        const idempotency = { key: 'k', fingerprint: 'f' };
        const original = await store.append(anAppend(stream, 'no_stream', 1, idempotency));
        await store.append(anAppend(stream, 0));
        const retry = await store.append(anAppend(stream, 'no_stream', 1, idempotency));
        expect(retry).toEqual({ status: 'duplicate', events: original.events });
      });

      it('stores one append when the same key arrives many times at once', async () => {
        const stream = uniqueStream();
        const idempotency = { key: 'gm-retry', fingerprint: 'same' };
        const writer = await subject.openWriter();
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? writer : store).append(anAppend(stream, 'any', 1, idempotency)),
          ),
        );
        expect(results.filter((r) => r.status === 'appended')).toHaveLength(1);
        const stored = await store.readStream(stream);
        expect(stored).toHaveLength(1);
        for (const result of results) expect(result.events).toEqual(stored);
      });

      it('refuses the same key with a different request and stores nothing of it', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'any', 1, { key: 'k1', fingerprint: 'a' }));
        await expect(
          store.append(anAppend(stream, 'any', 1, { key: 'k1', fingerprint: 'b' })),
        ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('scopes keys to their stream', async () => {
        const idempotency = { key: 'shared', fingerprint: 'x' };
        const a = await store.append(anAppend(uniqueStream(), 'any', 1, idempotency));
        const b = await store.append(anAppend(uniqueStream(), 'any', 1, idempotency));
        expect([a.status, b.status]).toEqual(['appended', 'appended']);
      });
    });

    describe('hash chain', () => {
      it('chains each event to the previous one in its stream over its canonical bytes', async () => {
        const stream = uniqueStream();
        await store.append(anAppend(stream, 'no_stream', 2));
        await store.append(anAppend(stream, 1, 3));
        let previous = GENESIS_HASH;
        for (const event of await store.readStream(stream)) {
          const expected = createHash('sha256')
            .update(previous)
            .update(canonicalEventText(canonicalRecordOf(event)), 'utf8')
            .digest();
          expect(event.metadata.hash).toBe(expected.toString('hex'));
          previous = expected;
        }
      });

      it('covers the payload: changing one byte of the data changes the hash', async () => {
        const [event] = (await store.append(anAppend(uniqueStream(), 'no_stream'))).events;
        const record = canonicalRecordOf(event!);
        const tampered = { ...record, data: { closure: 'frunk', i: 0 } };
        const hashOf = (r: typeof record) =>
          createHash('sha256').update(GENESIS_HASH).update(canonicalEventText(r)).digest('hex');
        expect(hashOf(record)).toBe(event!.metadata.hash);
        expect(hashOf(tampered)).not.toBe(event!.metadata.hash);
      });
    });

    describe('global log', () => {
      it('pages through the log from a position without gaps or repeats', async () => {
        const start = await store.headPosition();
        const streams = [uniqueStream(), uniqueStream()];
        for (let i = 0; i < 5; i += 1) {
          await store.append(anAppend(streams[i % 2]!, 'any', 3));
        }
        const seen: RecordedEvent[] = [];
        let position = start;
        for (;;) {
          const page = await store.readAll({ fromPosition: position, maxCount: 4 });
          seen.push(...page.events);
          position = page.nextPosition;
          if (page.isEnd) break;
        }
        expect(seen).toHaveLength(15);
        const positions = seen.map((e) => e.metadata.globalPosition);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(new Set(positions).size).toBe(15);
        expect(await store.headPosition()).toBeGreaterThan(positions.at(-1)!);
      });

      it(`shows a concurrent reader every event exactly once, in a stable order (${scale.writers} writers, ${scale.writers * scale.eventsPerWriter} events)`, async () => {
        const start = await store.headPosition();
        const total = scale.writers * scale.eventsPerWriter;
        const writers = await Promise.all(
          Array.from({ length: scale.writers }, () => subject.openWriter()),
        );
        let writing = true;

        const reader = (async () => {
          const seen: RecordedEvent[] = [];
          let position = start;
          for (;;) {
            const writersDone = !writing;
            const page = await store.readAll({ fromPosition: position, maxCount: 97 });
            seen.push(...page.events);
            position = page.nextPosition;
            if (page.isEnd && writersDone) return seen;
            if (page.isEnd) await sleep(1);
          }
        })();

        await Promise.all(
          writers.map(async (writer, w) => {
            const streams = Array.from({ length: 8 }, () => uniqueStream(`order-w${w}`));
            const revisions = streams.map(() => -1);
            // Each writer keeps one append in flight per stream, one to three events each.
            let written = 0;
            await Promise.all(
              streams.map(async (stream, s) => {
                while (written < scale.eventsPerWriter) {
                  const count = Math.min(1 + ((written + s) % 3), scale.eventsPerWriter - written);
                  written += count;
                  const expected = revisions[s]! < 0 ? 'no_stream' : revisions[s]!;
                  const result = await writer.append(anAppend(stream, expected, count));
                  revisions[s] = result.events.at(-1)!.metadata.streamRevision;
                }
              }),
            );
          }),
        );
        writing = false;
        const seen = await reader;

        expect(seen).toHaveLength(total);
        const ids = seen.map((e) => e.metadata.eventId);
        expect(new Set(ids).size).toBe(total);
        const positions = seen.map((e) => e.metadata.globalPosition);
        for (let i = 1; i < positions.length; i += 1) {
          expect(positions[i]).toBeGreaterThan(positions[i - 1]!);
        }
        const reread = (await readWholeLog(store, 1000)).filter(
          (e) => e.metadata.globalPosition >= start,
        );
        expect(reread.map((e) => e.metadata.eventId)).toEqual(ids);
        // Within a stream the global order follows the revisions.
        const lastRevision = new Map<string, number>();
        for (const event of seen) {
          const previous = lastRevision.get(event.metadata.streamId) ?? -1;
          expect(event.metadata.streamRevision).toBe(previous + 1);
          lastRevision.set(event.metadata.streamId, event.metadata.streamRevision);
        }
      });

      it('delivers existing and new events to a catch-up subscription, then stops when aborted', async () => {
        const stream = uniqueStream();
        const from = await store.headPosition();
        await store.append(anAppend(stream, 'no_stream', 2));
        const controller = new AbortController();
        const received: RecordedEvent[] = [];
        const consuming = (async () => {
          for await (const event of store.subscribe({
            fromPosition: from,
            signal: controller.signal,
          })) {
            if (event.metadata.streamId === stream) received.push(event);
            if (received.length === 5) controller.abort();
          }
        })();
        await sleep(50);
        const writer = await subject.openWriter();
        await writer.append(anAppend(stream, 1, 3));
        await consuming;
        expect(received.map((e) => e.metadata.streamRevision)).toEqual([0, 1, 2, 3, 4]);
      });
    });

    if (options.appendOnlyBySql) {
      describe('append-only', () => {
        const sql = (statement: string) => subject.executeSql!(statement);

        it.each([
          ['UPDATE', `UPDATE ledger.events SET type = 'Rewritten'`],
          ['DELETE', `DELETE FROM ledger.events`],
          ['TRUNCATE', `TRUNCATE ledger.events`],
          ['rewind the head', `UPDATE ledger.head SET next_position = 0`],
          ['DELETE the head', `DELETE FROM ledger.head`],
        ])('refuses to %s, whoever asks', async (_, statement) => {
          await store.append(anAppend(uniqueStream(), 'no_stream'));
          const head = await store.headPosition();
          const sample = await store.readAll({ fromPosition: 0, maxCount: 50 });
          await expect(sql(statement)).rejects.toThrow(/append-only|only moves forward/);
          expect(await store.headPosition()).toBe(head);
          expect(await store.readAll({ fromPosition: 0, maxCount: 50 })).toEqual(sample);
          expect(await store.readAll({ fromPosition: head - 1, maxCount: 2 })).toMatchObject({
            events: [{ metadata: { globalPosition: head - 1 } }],
          });
        });

        it('gives the application role reads and the append function, nothing else', async () => {
          const asApp = (statement: string) =>
            sql(`BEGIN; SET LOCAL ROLE keytrail_app; ${statement}; COMMIT;`);
          await expect(asApp(`SELECT count(*) FROM ledger.events`)).resolves.toBeDefined();
          await expect(asApp(`UPDATE ledger.events SET type = 'x'`)).rejects.toThrow(
            /permission denied/,
          );
          await expect(asApp(`DELETE FROM ledger.events`)).rejects.toThrow(/permission denied/);
          await expect(
            asApp(`INSERT INTO ledger.events SELECT * FROM ledger.events LIMIT 1`),
          ).rejects.toThrow(/permission denied/);
          await expect(
            asApp(`SELECT ledger.append(ARRAY['role-check'], ARRAY[-2::bigint], ARRAY[NULL::text],
                     ARRAY[NULL::text], ARRAY[1], ARRAY[now()], ARRAY[gen_random_uuid()], ARRAY['T'], '{}')`),
          ).resolves.toBeDefined();
        });
      });
    }
  });
}
