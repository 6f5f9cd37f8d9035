import {
  type DynamicModule,
  type ForwardReference,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ProjectionRuntime } from '../../../projections/runtime/projection-runtime.js';
import { CLOCK } from '../../config/clock.js';
import { TIME_RULES } from '../../ledger.module.js';
import { EVENT_STORE } from '../../event-store/event-store.port.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { Checkpoints } from '../../integrity/checkpoints.js';
import { CHECKPOINT_POLICY } from '../integrity/integrity.tokens.js';
import { createProjectionRuntime, PROJECTION_RUNTIME } from './projection-runtime.provider.js';

export const RUN_PROJECTIONS = Symbol('RUN_PROJECTIONS');

/**
 * The read side's runtime. With `run`, this process keeps the projections and the watchdog going;
 * without, another process does (npm run projector) and this one only reads their tables. The watchdog
 * acts through the command pipeline of `commands`: the API's pipeline module, or the projector's
 * module, which provides it with the personal data keys and no route.
 */
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_RUNTIME) private readonly runtime: ProjectionRuntime,
    @Inject(RUN_PROJECTIONS) private readonly run: boolean,
  ) {}

  static forRoot(run: boolean, commands: Type | DynamicModule | ForwardReference): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      imports: [commands],
      providers: [
        { provide: RUN_PROJECTIONS, useValue: run },
        {
          provide: PROJECTION_RUNTIME,
          inject: [
            EVENT_STORE,
            DataSource,
            CommandPipeline,
            CLOCK,
            Checkpoints,
            CHECKPOINT_POLICY,
            LedgerMetrics,
            TIME_RULES,
          ],
          useFactory: createProjectionRuntime,
        },
      ],
      exports: [PROJECTION_RUNTIME],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.run) await this.runtime.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
