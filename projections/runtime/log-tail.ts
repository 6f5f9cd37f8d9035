import type {
  EventStore,
  GlobalLogPage,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';

/** What a projection runner reads the log with. */
export type LogReader = Pick<EventStore, 'readAll' | 'awaitAppend'>;

/** How many of the latest events the tail keeps for runners that are a little behind. */
const KEPT_EVENTS = 4_000;

/**
 * The end of the global log as the projections of one process read it: read and parsed once, then
 * served to each runner that asks for the same positions. Runners that follow the head ask for the
 * same pages one after the other; without it, each of them read and parsed every event itself.
 * Holds a contiguous run of the log — every event from `from` to before `to` — and nothing older
 * than its last few thousand events; a runner elsewhere in the log reads the store.
 */
export class LogTail implements LogReader {
  private events: RecordedEvent[] = [];
  private from = 0;
  private to = 0;
  /** The read in flight at the tail's end, which every runner asking there waits for. */
  private reading: { from: number; page: Promise<GlobalLogPage> } | null = null;

  constructor(private readonly store: EventStore) {}

  async readAll(options: { fromPosition: number; maxCount: number }): Promise<GlobalLogPage> {
    const { fromPosition, maxCount } = options;
    if (this.events.length > 0 && fromPosition >= this.from && fromPosition < this.to) {
      // A runner a little behind that would stop at the tail's end waits for the read there, and
      // ends where the runners at the end will: from then on they read the same pages together.
      if (this.reading?.from === this.to && this.to - fromPosition < maxCount) {
        await this.reading.page.catch(() => undefined);
        return this.readAll(options);
      }
      return this.kept(fromPosition, maxCount);
    }
    if (fromPosition !== this.to && this.events.length > 0) return this.store.readAll(options);
    const page = await this.readAt(fromPosition);
    // Asked for fewer than the read brought: served from what it kept.
    if (page.events.length > maxCount) return this.kept(fromPosition, maxCount);
    return page;
  }

  awaitAppend(signal: AbortSignal, timeoutMs: number): Promise<void> {
    return this.store.awaitAppend(signal, timeoutMs);
  }

  /** One read of the store from the tail's end, shared by every runner that asks meanwhile. */
  private async readAt(fromPosition: number): Promise<GlobalLogPage> {
    if (this.reading?.from !== fromPosition) {
      const page = this.store.readAll({ fromPosition, maxCount: KEPT_EVENTS / 4 });
      this.reading = { from: fromPosition, page };
      page.then(
        (read) => this.extend(fromPosition, read),
        () => undefined,
      );
      page
        .finally(() => {
          if (this.reading?.page === page) this.reading = null;
        })
        .catch(() => undefined);
    }
    return this.reading.page;
  }

  private extend(fromPosition: number, page: GlobalLogPage): void {
    if (page.events.length === 0) return;
    if (fromPosition !== this.to || this.events.length === 0) {
      this.events = [];
      this.from = fromPosition;
    }
    this.events.push(...page.events);
    this.to = page.nextPosition;
    if (this.events.length > KEPT_EVENTS) {
      this.events = this.events.slice(this.events.length - KEPT_EVENTS);
      this.from = this.events[0]!.metadata.globalPosition;
    }
  }

  /** The events kept from a position on; the page ends at the tail's end. */
  private kept(fromPosition: number, maxCount: number): GlobalLogPage {
    let first = 0;
    let last = this.events.length;
    while (first < last) {
      const middle = (first + last) >>> 1;
      if (this.events[middle]!.metadata.globalPosition < fromPosition) first = middle + 1;
      else last = middle;
    }
    const events = this.events.slice(first, first + maxCount);
    const end = events.at(-1);
    const isEnd = first + maxCount >= this.events.length;
    return {
      events,
      nextPosition: isEnd ? this.to : end!.metadata.globalPosition + 1,
      isEnd,
    };
  }
}
