import type { DataSource, EntityManager } from 'typeorm';

import { sleep } from '../../src/shared/background-work.js';
import { lockCheckpoints, saveCheckpoints } from './checkpoints.js';
import { isOutage } from './outage.js';

/** One projection's page: its rows, written where its checkpoint must stand, and the checkpoint moved on. */
export interface PageWrite {
  readonly checkpoint: string;
  /** Where the checkpoint must stand: the first position of the page. */
  readonly position: number;
  /** Where the checkpoint moves to once the page is written. */
  readonly next: number;
  readonly apply: (manager: EntityManager) => Promise<void>;
  /** Written in a transaction of its own (reads wait for it): never held back by the others. */
  readonly alone?: boolean;
}

/** Another runner (another process, a rebuild's swap) moved the checkpoint: start again from where it is. */
export class CheckpointMoved extends Error {
  constructor(readonly position: number) {
    super(`The checkpoint moved to ${position}`);
  }
}

/**
 * Writes pages of the same span of the log in one transaction: every checkpoint locked by one
 * statement, the rows, every checkpoint saved by one statement. All or nothing: rows and checkpoints
 * stay consistent through a crash, and a page is never applied twice.
 */
export async function writePages(
  dataSource: DataSource,
  writes: readonly PageWrite[],
): Promise<void> {
  const names = writes.map((write) => write.checkpoint);
  await dataSource.transaction(async (manager) => {
    const at = await lockCheckpoints(manager, names);
    for (const write of writes) {
      const position = at.get(write.checkpoint)!;
      if (position !== write.position) throw new CheckpointMoved(position);
    }
    // One after another: a connection runs one statement at a time (pg 9 refuses to queue them).
    for (const write of writes) await write.apply(manager);
    await saveCheckpoints(manager, names, writes[0]!.next);
  });
}

interface Waiting {
  readonly write: PageWrite;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One transaction for the projections that apply the same page at once. Runners that follow the head
 * read each page through one log tail, at the same moment: alone, each wrote it in a transaction of
 * its own, four statements of overhead (begin, lock, save, commit) per projection per page, the most
 * frequent statements the server sent. What asks within one turn of the event loop for the same span
 * shares one transaction — but a projection that reads wait for keeps its own, so that its rows are
 * not held back by the others'. If the shared one fails, each page is written again alone, so that
 * only the projection at fault fails (or finds its checkpoint moved), as it would have on its own; an
 * outage fails them all, to be waited out.
 */
export class PageTransactions {
  private gathering: Map<string, Waiting[]> | null = null;
  private pausing: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The pause after a page that did not fill, one for every runner that asks while it lasts: runners
   * that pause together read, and write, the next page together, even after one of them fell behind.
   */
  pause(ms: number, signal: AbortSignal): Promise<void> {
    this.pausing ??= sleep(ms, signal).finally(() => {
      this.pausing = null;
    });
    return this.pausing;
  }

  write(write: PageWrite): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.gathering === null) {
        this.gathering = new Map();
        setImmediate(() => this.flush());
      }
      const span = `${write.position}:${write.next}${write.alone ? `:${write.checkpoint}` : ''}`;
      const group = this.gathering.get(span) ?? [];
      group.push({ write, resolve, reject });
      this.gathering.set(span, group);
    });
  }

  private flush(): void {
    const groups = this.gathering ?? new Map<string, Waiting[]>();
    this.gathering = null;
    for (const group of groups.values()) void this.writeGroup(group);
  }

  private async writeGroup(group: readonly Waiting[]): Promise<void> {
    try {
      await writePages(
        this.dataSource,
        group.map((waiting) => waiting.write),
      );
      for (const waiting of group) waiting.resolve();
    } catch (error) {
      if (group.length === 1 || isOutage(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group) {
        await writePages(this.dataSource, [waiting.write]).then(waiting.resolve, waiting.reject);
      }
    }
  }
}
