import type { DataSource } from 'typeorm';

import type { EventStore } from '../../src/event-store/event-store.port.js';
import { errorText } from '../../src/shared/background-work.js';
import { LogTail } from './log-tail.js';
import { PageTransactions } from './page-transactions.js';
import type { ParkingObserver } from './parking.js';
import type { Projection } from './projection.js';
import {
  DEFAULT_RUNNER_OPTIONS,
  ProjectionRunner,
  type RunnerOptions,
  type RunnerStatus,
} from './projection-runner.js';

export interface ProjectionRuntimeStatus {
  readonly headPosition: number;
  readonly projections: readonly (RunnerStatus & { readonly lag: number })[];
}

/**
 * Runs several projections side by side: each from its own checkpoint, none held back by another for
 * longer than a page, reading the log through one shared tail and writing the pages they apply at the
 * same moment in one transaction.
 */
export class ProjectionRuntime {
  readonly runners: readonly ProjectionRunner[];
  private controller: AbortController | null = null;
  private loops: Promise<void>[] = [];
  private readonly background: ((signal: AbortSignal) => Promise<void>)[] = [];

  constructor(
    projections: readonly Projection[],
    private readonly store: EventStore,
    dataSource: DataSource,
    options: RunnerOptions = DEFAULT_RUNNER_OPTIONS,
    observer: ParkingObserver | null = null,
  ) {
    // The runners follow the head together: each page is read and parsed once for all of them.
    const tail = new LogTail(store);
    const pages = new PageTransactions(dataSource);
    this.runners = projections.map(
      (p) => new ProjectionRunner(p, tail, dataSource, options, undefined, observer, pages),
    );
  }

  /** Another loop to run and stop with the projections (the watchdog). */
  alongside(loop: (signal: AbortSignal) => Promise<void>): this {
    this.background.push(loop);
    return this;
  }

  async start(): Promise<void> {
    if (this.controller) return;
    this.controller = new AbortController();
    const { signal } = this.controller;
    for (const runner of this.runners) await runner.start();
    this.loops = [
      ...this.runners.map((runner) => runner.run(signal)),
      ...this.background.map((loop) => loop(signal)),
    ];
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await Promise.allSettled(this.loops);
    this.controller = null;
    this.loops = [];
  }

  get running(): boolean {
    return this.controller !== null;
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.find((r) => r.projection.name === name);
  }

  /** Waits until the named projection (or all) has applied everything before `position`. */
  async reached(position: number, timeoutMs: number, name?: string): Promise<boolean> {
    const runners = name ? this.runners.filter((r) => r.projection.name === name) : this.runners;
    const timeout = AbortSignal.timeout(timeoutMs);
    await Promise.all(runners.map((r) => r.reached(position, timeout)));
    return runners.every((r) => r.status().position >= position);
  }

  async status(): Promise<ProjectionRuntimeStatus> {
    const headPosition = await this.store.headPosition().catch((error: unknown) => {
      throw new Error(`head position unavailable: ${errorText(error)}`);
    });
    return {
      headPosition,
      projections: this.runners.map((r) => {
        const status = r.status();
        return { ...status, lag: Math.max(0, headPosition - status.position) };
      }),
    };
  }
}
