import type { DataSource, EntityManager } from 'typeorm';

import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { ensureCheckpoint, touchCheckpoint } from './checkpoints.js';
import { sleep } from '../../src/shared/background-work.js';
import type { LogReader } from './log-tail.js';
import { isOutage } from './outage.js';
import { CheckpointMoved, type PageTransactions, writePage } from './page-transactions.js';
import { failureReason, type ParkingObserver } from './parking.js';
import type { Projection, ProjectionWriter } from './projection.js';

export interface RunnerOptions {
  readonly batchSize: number;
  /** Tries for one failing event before it is parked. */
  readonly attempts: number;
  readonly retryDelayMs: number;
  /** How long to wait for new events before reading again. */
  readonly idleWaitMs: number;
  /**
   * After a batch that did not fill, how long to let events gather before reading again: under load,
   * fewer, larger transactions; an event after a quiet spell is still applied at once.
   */
  readonly gatherMs: number;
  /**
   * While caught up, how often to mark the checkpoint as current (its `updated_at`), so that readiness
   * can tell a projection with nothing to do from one that stopped moving.
   */
  readonly heartbeatMs: number;
}

export const DEFAULT_RUNNER_OPTIONS: RunnerOptions = {
  batchSize: 500,
  attempts: 3,
  retryDelayMs: 100,
  idleWaitMs: 250,
  gatherMs: 20,
  heartbeatMs: 10_000,
};

export interface RunnerStatus {
  readonly projection: string;
  /** The next global position it will apply. */
  readonly position: number;
  readonly parked: number;
  readonly lastError: string | null;
}

const writerOf = (manager: EntityManager, table: (name: string) => string): ProjectionWriter => ({
  query: (sql, parameters) => manager.query(sql, parameters as unknown[]),
  table,
});

/**
 * Feeds one projection from the global log. Rows and checkpoint are written in one transaction, so a
 * crash at any point leaves them consistent: nothing applied twice, nothing skipped. An event that
 * keeps failing is parked, visibly, and the projection goes on; an outage is waited out.
 */
export class ProjectionRunner {
  private position = 0;
  private parked = 0;
  private lastError: string | null = null;
  private lastHeartbeat = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly projection: Projection,
    private readonly store: LogReader,
    private readonly dataSource: DataSource,
    private readonly options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
    /** The checkpoint and table names: the live ones, or a rebuild's. */
    private readonly target: { checkpoint: string; table: (name: string) => string } = {
      checkpoint: projection.name,
      table: (name) => `read.${name}`,
    },
    private readonly observer: ParkingObserver | null = null,
    /** Shared with the runtime's other runners: a page they apply at once is one transaction. */
    private readonly pages: PageTransactions | null = null,
  ) {}

  status(): RunnerStatus {
    return {
      projection: this.projection.name,
      position: this.position,
      parked: this.parked,
      lastError: this.lastError,
    };
  }

  async start(): Promise<void> {
    this.position = await ensureCheckpoint(this.dataSource.manager, this.target.checkpoint);
    const rows: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM read.parked_events WHERE projection = $1`,
      [this.target.checkpoint],
    );
    this.parked = Number(rows[0]?.count ?? 0);
  }

  /** Applies the next page of the log; answers how many events it consumed (0: caught up). */
  async step(): Promise<number> {
    const page = await this.store.readAll({
      fromPosition: this.position,
      maxCount: this.options.batchSize,
    });
    if (page.events.length === 0) return 0;
    try {
      await this.applyInTransaction(page.events, page.nextPosition);
    } catch (error) {
      if (error instanceof CheckpointMoved) return this.moveTo(error.position);
      if (isOutage(error)) throw error;
      await this.applyOneByOne(page.events);
    }
    return page.events.length;
  }

  /** Runs until aborted, waiting for new events when caught up and backing off during outages. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = 0;
    while (!signal.aborted) {
      try {
        const applied = await this.step();
        backoff = 0;
        if (applied === 0) {
          // Busy marking its checkpoint, it may have missed an append: it looks again before waiting.
          if (await this.heartbeat()) continue;
          await this.store.awaitAppend(signal, this.options.idleWaitMs);
        } else if (applied < this.options.batchSize) {
          const { gatherMs } = this.options;
          await (this.pages ? this.pages.pause(gatherMs, signal) : sleep(gatherMs, signal));
        }
      } catch (error) {
        this.lastError = failureReason(error);
        backoff = Math.min(5000, backoff === 0 ? 100 : backoff * 2);
        await sleep(backoff, signal);
      }
    }
  }

  /** Resolves once the projection has applied everything before `position`. */
  async reached(position: number, signal: AbortSignal): Promise<void> {
    while (this.position < position && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.listeners.delete(wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.listeners.add(wake);
        signal.addEventListener('abort', wake, { once: true });
      });
    }
  }

  /** Caught up: says so in the checkpoint, now and then (an idle projection is not a stalled one). */
  private async heartbeat(): Promise<boolean> {
    const now = Date.now();
    if (now - this.lastHeartbeat < this.options.heartbeatMs) return false;
    await touchCheckpoint(this.dataSource.manager, this.target.checkpoint, this.position);
    this.lastHeartbeat = now;
    return true;
  }

  private moveTo(position: number): number {
    this.position = position;
    for (const wake of [...this.listeners]) wake();
    return 0;
  }

  private async applyInTransaction(events: readonly RecordedEvent[], next: number): Promise<void> {
    const write = {
      checkpoint: this.target.checkpoint,
      position: this.position,
      next,
      apply: (manager: EntityManager) =>
        this.projection.apply(events, writerOf(manager, this.target.table)),
      alone: this.projection.readsWaitForIt === true,
    };
    await (this.pages ? this.pages.write(write) : writePage(this.dataSource, write));
    this.lastError = null;
    this.moveTo(next);
  }

  private async applyOneByOne(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.applyInTransaction([event], event.metadata.globalPosition + 1);
          break;
        } catch (error) {
          if (error instanceof CheckpointMoved) {
            this.moveTo(error.position);
            return;
          }
          if (isOutage(error)) throw error;
          this.lastError = failureReason(error);
          if (attempt >= this.options.attempts) {
            await this.park(event, this.lastError, attempt);
            break;
          }
          await sleep(this.options.retryDelayMs * 2 ** (attempt - 1));
        }
      }
    }
  }

  private async park(event: RecordedEvent, reason: string, attempts: number): Promise<void> {
    const next = event.metadata.globalPosition + 1;
    // Written as a page of its own: the parked row in place of the projection's rows.
    await writePage(this.dataSource, {
      checkpoint: this.target.checkpoint,
      position: this.position,
      next,
      apply: (manager) =>
        manager.query(
          `INSERT INTO read.parked_events
             (projection, global_position, event_id, event_type, error, attempts, parked_at)
           VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT DO NOTHING`,
          [
            this.target.checkpoint,
            event.metadata.globalPosition,
            event.metadata.eventId,
            event.type,
            reason,
            attempts,
          ],
        ),
    });
    this.parked += 1;
    this.moveTo(next);
    this.observer?.eventParked({
      projection: this.target.checkpoint,
      position: event.metadata.globalPosition,
      eventId: event.metadata.eventId,
      eventType: event.type,
      attempts,
      reason,
    });
  }
}
