import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';

import { HealthHttpController } from './health.http.controller.js';
import { MetricsHttpController } from './metrics.http.controller.js';
import { ProjectionsHealth } from './projections-health.js';

@Module({
  imports: [TerminusModule],
  controllers: [HealthHttpController, MetricsHttpController],
  providers: [ProjectionsHealth],
})
export class HealthModule {}
