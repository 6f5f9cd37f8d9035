import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthHttpController } from './health.http.controller.js';
import { MetricsHttpController } from './metrics.http.controller.js';
import { PROJECTION_STALL_SECONDS, ProjectionsHealth } from './projections-health.js';

@Module({})
export class HealthModule {
  /** `stallSeconds`: KEYTRAIL_PROJECTION_STALL_S, when readiness gives up on a projection. */
  static forRoot(stallSeconds: number): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule],
      controllers: [HealthHttpController, MetricsHttpController],
      providers: [{ provide: PROJECTION_STALL_SECONDS, useValue: stallSeconds }, ProjectionsHealth],
    };
  }
}
