import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { EventStore, RecordedEvent } from '../src/event-store/event-store.port.js';
import type { LedgerImporter } from '../src/event-store/ledger-import.js';
import { moveLedger } from '../src/event-store/move-ledger.js';
import { verifyLedger } from '../src/integrity/verify-ledger.js';
import { IdempotencyKeyReusedError } from '../src/event-store/event-store.errors.js';
import { anAppend, uniqueStream } from './contract/event-fixtures.js';
import { type OpenLedger, openPostgresLedger } from './support/open-ledger.js';
import { appendSyntheticDeliveries } from './support/synthetic-deliveries.js';

async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let position = 0; ;) {
    const page = await store.readAll({ fromPosition: position, maxCount: 1000 });
    all.push(...page.events);
    position = page.nextPosition;
    if (page.isEnd) return all;
  }
}

describe('moving the ledger between stores, and verifying it', () => {
  let source: OpenLedger;
  let target: OpenLedger;
  const keyed = uniqueStream('delivery-keyed');

  beforeAll(async () => {
    [source, target] = await Promise.all([openPostgresLedger(), openPostgresLedger()]);
    await appendSyntheticDeliveries(source.store, 120);
    await source.store.append(
      anAppend(keyed, 'no_stream', 2, { key: 'volvo-webhook-1', fingerprint: 'f1' }),
    );
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it('verifies a whole ledger, and names the first event whose bytes do not match its hash', async () => {
    const result = await verifyLedger(source.store);
    expect(result).toMatchObject({
      firstDivergence: null,
      events: await source.store.headPosition(),
    });
    const victim = 57;
    const tampered: Pick<EventStore, 'headPosition' | 'readAll'> = {
      headPosition: () => source.store.headPosition(),
      readAll: async (options) => {
        const page = await source.store.readAll(options);
        return {
          ...page,
          events: page.events.map((e) =>
            e.metadata.globalPosition === victim
              ? { ...e, data: { ...(e.data as object), closure: 'frunk' } }
              : e,
          ),
        };
      },
    };
    const broken = await verifyLedger(tampered);
    expect(broken.firstDivergence).toMatchObject({
      globalPosition: victim,
      problem: expect.stringContaining('stored hash'),
    });
  });

  it('copies streams, revisions, ids, envelopes and hashes in order, and resumes after an interruption', async () => {
    let saved = 0;
    const checkpoint = { load: async () => saved, save: async (p: number) => void (saved = p) };
    let pages = 0;
    const failing: LedgerImporter = {
      importEvents: async (events) => {
        if (++pages === 3) throw new Error('connection lost');
        await target.store.importEvents(events);
      },
    };
    await expect(moveLedger(source.store, failing, checkpoint, undefined, 200)).rejects.toThrow(
      'connection lost',
    );
    expect(saved).toBeGreaterThan(0);
    // Resume, replaying a page the target already has in part.
    saved -= 50;
    await moveLedger(source.store, target.store, checkpoint, undefined, 200);

    const [from, to] = await Promise.all([wholeLog(source.store), wholeLog(target.store)]);
    const essentials = (e: RecordedEvent) => ({
      type: e.type,
      data: e.data,
      ...e.metadata,
      globalPosition: undefined,
    });
    expect(to.map(essentials)).toEqual(from.map(essentials));
    expect((await verifyLedger(target.store)).firstDivergence).toBeNull();
  });

  it('keeps a moved append’s idempotency key: a retry is refused, never stored twice', async () => {
    await expect(
      target.store.append(anAppend(keyed, 'any', 2, { key: 'volvo-webhook-1', fingerprint: 'f1' })),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await target.store.readStream(keyed)).toHaveLength(2);
  });
});
