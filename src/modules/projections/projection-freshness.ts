import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { readCheckpoint } from '../../../projections/runtime/checkpoints.js';
import { sleep } from '../../../projections/runtime/outage.js';
import type { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { PROJECTION_RUNTIME } from './projection-runtime.provider.js';

/**
 * Read-your-writes for the read models: before answering from a projection, wait (briefly) until it
 * has applied everything committed so far. A caller who has not caught up is answered from the ledger.
 */
@Injectable()
export class ProjectionFreshness {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Whether `projection` has applied every event committed before this call, waiting up to `maxWaitMs`. */
  async caughtUp(projection: string, maxWaitMs: number): Promise<boolean> {
    const head = await this.store.headPosition();
    if (this.runtime.running) return this.runtime.reached(head, maxWaitMs, projection);
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if ((await readCheckpoint(this.dataSource.manager, projection)) >= head) return true;
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
  }
}
