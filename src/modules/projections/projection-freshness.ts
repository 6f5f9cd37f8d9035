import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { readCheckpoint } from '../../../projections/runtime/checkpoints.js';
import { sleep } from '../../shared/background-work.js';
import type { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { PROJECTION_RUNTIME } from './projection-runtime.provider.js';

/**
 * Read-your-writes for the read models: before answering from a projection, wait (briefly) until it
 * has applied the events the answer is about. A caller who has not caught up is answered from the ledger.
 */
@Injectable()
export class ProjectionFreshness {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    private readonly dataSource: DataSource,
  ) {}

  /** Whether `projection` has applied every event before `position`, waiting up to `maxWaitMs`. */
  async reached(projection: string, position: number, maxWaitMs: number): Promise<boolean> {
    if (this.runtime.running) return this.runtime.reached(position, maxWaitMs, projection);
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if ((await readCheckpoint(this.dataSource.manager, projection)) >= position) return true;
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
  }
}
