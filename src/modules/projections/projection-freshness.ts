import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ReadModels } from '../../adapters/read-models.js';
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
    private readonly readModels: ReadModels,
  ) {}

  /** Whether `projection` has applied every event before `position`, waiting up to `maxWaitMs`. */
  async reached(projection: string, position: number, maxWaitMs: number): Promise<boolean> {
    if (this.runtime.running) return this.runtime.reached(position, maxWaitMs, projection);
    return this.checkpointReaches(this.dataSource, projection, position, maxWaitMs);
  }

  /**
   * The same, as the query side sees it: on a read database (a standby, which may lag behind the
   * primary) the checkpoint is read there, before its rows: the checkpoint is written in the same
   * transaction as the rows and a standby only moves forward, so "reached" means the rows are there.
   */
  async reachedForQueries(
    projection: string,
    position: number,
    maxWaitMs: number,
  ): Promise<boolean> {
    if (!this.readModels.separate) return this.reached(projection, position, maxWaitMs);
    return this.checkpointReaches(this.readModels.dataSource, projection, position, maxWaitMs);
  }

  private async checkpointReaches(
    dataSource: DataSource,
    projection: string,
    position: number,
    maxWaitMs: number,
  ): Promise<boolean> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      if ((await readCheckpoint(dataSource.manager, projection)) >= position) return true;
      if (Date.now() >= deadline) return false;
      await sleep(25);
    }
  }
}
