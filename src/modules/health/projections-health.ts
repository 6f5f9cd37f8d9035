import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CHECKPOINTS } from '../../../projections/runtime/checkpoints.js';
import type { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { PROJECTION_RUNTIME } from '../projections/projection-runtime.provider.js';

export interface ProjectionHealth {
  readonly projection: string;
  readonly position: number;
  readonly lag: number;
  readonly parked: number;
  readonly lastError: string | null;
}

/** Where each projection stands: from this process's runtime, or from the checkpoints a worker writes. */
@Injectable()
export class ProjectionsHealth {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async report(): Promise<{ headPosition: number; projections: ProjectionHealth[] }> {
    if (this.runtime.running) {
      const status = await this.runtime.status();
      return { headPosition: status.headPosition, projections: [...status.projections] };
    }
    const headPosition = await this.store.headPosition();
    const rows: { projection: string; position: string; parked: string }[] =
      await this.dataSource.query(
        `SELECT c.projection, c.position,
              (SELECT count(*) FROM read.parked_events p WHERE p.projection = c.projection) AS parked
         FROM ${CHECKPOINTS} c WHERE c.projection NOT LIKE '%#rebuild' ORDER BY c.projection`,
      );
    return {
      headPosition,
      projections: rows.map((r) => ({
        projection: r.projection,
        position: Number(r.position),
        lag: Math.max(0, headPosition - Number(r.position)),
        parked: Number(r.parked),
        lastError: null,
      })),
    };
  }
}
