import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';

import type {
  EventStore,
  GlobalLogPage,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { LogTail } from './log-tail.js';

/** A global log in memory, its positions with gaps (as a rolled-back append leaves), counting reads. */
class Log {
  readonly events: RecordedEvent[] = [];
  reads = 0;
  private next = 0;

  add(count: number, gap = 0): void {
    this.next += gap;
    for (let i = 0; i < count; i += 1) {
      const globalPosition = this.next++;
      this.events.push({
        type: 'Seen',
        data: { n: globalPosition },
        metadata: { globalPosition } as RecordedEvent['metadata'],
      });
    }
  }

  async readAll({
    fromPosition,
    maxCount,
  }: {
    fromPosition: number;
    maxCount: number;
  }): Promise<GlobalLogPage> {
    this.reads += 1;
    const events = this.events
      .filter((e) => e.metadata.globalPosition >= fromPosition)
      .slice(0, maxCount);
    const last = events.at(-1);
    return {
      events,
      nextPosition: last ? last.metadata.globalPosition + 1 : fromPosition,
      isEnd: events.length < maxCount,
    };
  }

  asStore(): EventStore {
    return this as unknown as EventStore;
  }
}

const positions = (page: GlobalLogPage) => page.events.map((e) => e.metadata.globalPosition);

describe('the log tail the projections share', () => {
  it('reads a page once for every runner following the head', async () => {
    const log = new Log();
    log.add(300);
    const tail = new LogTail(log.asStore());
    const pages = await Promise.all(
      Array.from({ length: 8 }, () => tail.readAll({ fromPosition: 0, maxCount: 500 })),
    );
    expect(log.reads).toBe(1);
    for (const page of pages) expect(positions(page)).toHaveLength(300);
    // Later runners, and a runner asking for less, are served what was read.
    expect(positions(await tail.readAll({ fromPosition: 120, maxCount: 10 }))).toEqual(
      Array.from({ length: 10 }, (_, i) => 120 + i),
    );
    expect(log.reads).toBe(1);
    log.add(5);
    const next = await tail.readAll({ fromPosition: 300, maxCount: 500 });
    expect(positions(next)).toEqual([300, 301, 302, 303, 304]);
    expect(log.reads).toBe(2);
  });

  it('answers every page as the store would, wherever the runners are and however the log grows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              add: fc.integer({ min: 0, max: 3_000 }),
              gap: fc.integer({ min: 0, max: 3 }),
            }),
            fc.record({
              runner: fc.integer({ min: 0, max: 3 }),
              maxCount: fc.integer({ min: 1, max: 1_200 }),
              jump: fc.integer({ min: -2_000, max: 2_000 }),
            }),
          ),
          { maxLength: 40 },
        ),
        async (steps) => {
          const log = new Log();
          const tail = new LogTail(log.asStore());
          const at = [0, 0, 0, 0];
          for (const step of steps) {
            if ('add' in step) {
              log.add(step.add, step.gap);
              continue;
            }
            // Mostly runners follow on from their last page; now and then one starts elsewhere.
            const from =
              step.jump % 5 === 0 ? Math.max(0, at[step.runner]! + step.jump) : at[step.runner]!;
            const request = { fromPosition: from, maxCount: step.maxCount };
            const page = await tail.readAll(request);
            const truth = await log.readAll(request);
            expect(positions(page)).toEqual(positions(truth).slice(0, page.events.length));
            // Nothing skipped: every event before the page's next position was in it.
            expect(
              log.events
                .map((e) => e.metadata.globalPosition)
                .filter((p) => p >= from && p < page.nextPosition),
            ).toEqual(positions(page));
            expect(page.nextPosition).toBeGreaterThanOrEqual(from);
            at[step.runner] = page.nextPosition;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
