import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Gauge, Registry } from 'prom-client';

import { Public } from '../auth/roles.decorator.js';
import { type ProjectionHealth, ProjectionsHealth } from './projections-health.js';

/** Prometheus metrics: no personal data, only positions and counts. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsHttpController {
  private readonly registry = new Registry();

  constructor(@Inject(ProjectionsHealth) projections: ProjectionsHealth) {
    // One report per scrape, shared by every gauge.
    let report: ReturnType<ProjectionsHealth['report']> | null = null;
    const snapshot = () =>
      (report ??= projections.report().finally(() => setTimeout(() => (report = null), 100)));
    const registry = this.registry;
    new Gauge({
      name: 'keytrail_ledger_head_position',
      help: 'The global position the next event will get',
      registers: [registry],
      async collect() {
        this.set((await snapshot()).headPosition);
      },
    });
    const perProjection = (name: string, help: string, value: (p: ProjectionHealth) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['projection'],
        registers: [registry],
        async collect() {
          for (const p of (await snapshot()).projections)
            this.set({ projection: p.projection }, value(p));
        },
      });
    perProjection(
      'keytrail_projection_position',
      'The next global position a projection will apply',
      (p) => p.position,
    );
    perProjection(
      'keytrail_projection_lag_events',
      'Events committed that a projection has not applied yet',
      (p) => p.lag,
    );
    perProjection(
      'keytrail_projection_parked_events',
      'Events a projection could not apply and set aside',
      (p) => p.parked,
    );
  }

  @Get()
  @Public()
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
