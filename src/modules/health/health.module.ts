import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthHttpController } from './health.http.controller.js';
import { MetricsHttpController } from './metrics.http.controller.js';
import {
  PROJECTION_STALL_SECONDS,
  ProjectionsHealth,
  STALL_FAILS_READINESS,
} from './projections-health.js';
import { ReadDatabaseHealth } from './read-database-health.js';

@Module({})
export class HealthModule {
  /**
   * `stallSeconds`: KEYTRAIL_PROJECTION_STALL_S, when readiness gives up on a projection;
   * `runsProjections`: only an instance that runs them is made not ready by their stall.
   */
  static forRoot(stallSeconds: number, runsProjections: boolean): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule],
      controllers: [HealthHttpController, MetricsHttpController],
      providers: [
        { provide: PROJECTION_STALL_SECONDS, useValue: stallSeconds },
        { provide: STALL_FAILS_READINESS, useValue: runsProjections },
        ProjectionsHealth,
        ReadDatabaseHealth,
      ],
    };
  }
}
