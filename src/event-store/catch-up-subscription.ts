import type { AppendNotifier } from './append-notifier.js';
import type { GlobalLogPage, RecordedEvent } from './event-store.port.js';

export interface CatchUpOptions {
  readonly fromPosition: number;
  readonly signal: AbortSignal;
  readonly pageSize: number;
  /** How long to wait for a wake-up before reading again (appends made by other processes). */
  readonly pollIntervalMs: number;
}

/** Pages through the global log, then waits for new events; never buffers more than one page. */
export async function* catchUp(
  readAll: (options: { fromPosition: number; maxCount: number }) => Promise<GlobalLogPage>,
  notifier: AppendNotifier,
  options: CatchUpOptions,
): AsyncGenerator<RecordedEvent> {
  let position = options.fromPosition;
  while (!options.signal.aborted) {
    const page = await readAll({ fromPosition: position, maxCount: options.pageSize });
    for (const event of page.events) {
      if (options.signal.aborted) return;
      yield event;
    }
    position = page.nextPosition;
    if (page.isEnd) await notifier.wait(options.signal, options.pollIntervalMs);
  }
}
