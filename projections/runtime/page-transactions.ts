import type { DataSource, EntityManager } from 'typeorm';

import { sleep } from '../../src/shared/background-work.js';
import { lockCheckpoints, lockFreeCheckpoints, saveCheckpoints } from './checkpoints.js';
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

/** Writes one projection's page in a transaction of its own, waiting for its checkpoint if held. */
export async function writePage(dataSource: DataSource, write: PageWrite): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const at = (await lockCheckpoints(manager, [write.checkpoint])).get(write.checkpoint)!;
    if (at !== write.position) throw new CheckpointMoved(at);
    await write.apply(manager);
    await saveCheckpoints(manager, [write.checkpoint], write.next);
  });
}

/**
 * Writes pages of the same span of the log in one transaction: the checkpoints locked by one
 * statement, the rows, the checkpoints saved by one statement. All or nothing: rows and checkpoints
 * stay consistent through a crash, and a page is never applied twice. A checkpoint another
 * transaction holds (another process's runner, a rebuild's swap, a replay) is not waited for: that
 * page is left out, and answered, to be written alone.
 */
export async function writePagesTogether(
  dataSource: DataSource,
  writes: readonly PageWrite[],
): Promise<PageWrite[]> {
  return dataSource.transaction(async (manager) => {
    const at = await lockFreeCheckpoints(
      manager,
      writes.map((write) => write.checkpoint),
    );
    const taken = writes.filter((write) => at.has(write.checkpoint));
    for (const write of taken) {
      const position = at.get(write.checkpoint)!;
      if (position !== write.position) throw new CheckpointMoved(position);
    }
    // One after another: a connection runs one statement at a time (pg 9 refuses to queue them).
    for (const write of taken) await write.apply(manager);
    if (taken.length > 0) {
      const names = taken.map((write) => write.checkpoint);
      await saveCheckpoints(manager, names, taken[0]!.next);
    }
    return writes.filter((write) => !at.has(write.checkpoint));
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
 * not held back by the others', and a projection whose checkpoint another transaction holds is written
 * alone once it is free, holding back none of the others. If the shared one fails, each page is written
 * again alone, so that only the projection at fault fails (or finds its checkpoint moved), as it would
 * have on its own; an outage fails them all, to be waited out.
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
    if (group.length === 1) {
      await this.writeAlone(group);
      return;
    }
    let busy: PageWrite[];
    try {
      busy = await writePagesTogether(
        this.dataSource,
        group.map((waiting) => waiting.write),
      );
    } catch (error) {
      if (isOutage(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      await this.writeAlone(group);
      return;
    }
    for (const waiting of group) if (!busy.includes(waiting.write)) waiting.resolve();
    await this.writeAlone(group.filter((waiting) => busy.includes(waiting.write)));
  }

  /** Each page in a transaction of its own, side by side: one that waits holds back no other. */
  private async writeAlone(group: readonly Waiting[]): Promise<void> {
    await Promise.all(
      group.map((waiting) =>
        writePage(this.dataSource, waiting.write).then(waiting.resolve, waiting.reject),
      ),
    );
  }
}
