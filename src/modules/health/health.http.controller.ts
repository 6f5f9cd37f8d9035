import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { LedgerDatabase } from '../../adapters/ledger-database.js';
import { Public } from '../auth/roles.decorator.js';
import { ProjectionsHealth } from './projections-health.js';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(LedgerDatabase) private readonly database: LedgerDatabase,
    @Inject(ProjectionsHealth) private readonly projections: ProjectionsHealth,
  ) {}

  /** Liveness: the process serves requests. No dependency is checked, so a database outage does not
   * get a healthy process restarted (it reconnects by itself). */
  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves requests (checks nothing else)',
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: whether to send it traffic; the same checks as GET /health. */
  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: 503 when the database or the event store does not answer or a projection parked an event',
  })
  ready() {
    return this.check();
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Is the ledger up? 503 when its database does not answer or a projection parked an event (= /health/ready)',
  })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({
            mode: this.database.eventStoreKind,
            headPosition: await this.database.store.headPosition(),
          }))
          .withTimeout(2000),
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.database.dataSource.query('SELECT 1');
            return { mode: this.database.mode };
          })
          .withTimeout(2000),
      async () => {
        const indicator = this.indicators.check('projections');
        let report: Awaited<ReturnType<ProjectionsHealth['report']>>;
        try {
          report = await this.projections.report();
        } catch (error) {
          // Its checkpoints live in the database: down with it (a 503, never a 500).
          return indicator.down({
            message: error instanceof Error ? error.message : String(error),
          });
        }
        const parked = report.projections.filter((p) => p.parked > 0).map((p) => p.projection);
        return parked.length > 0
          ? indicator.down({ ...report, message: `events parked by ${parked.join(', ')}` })
          : indicator.up(report);
      },
    ]);
  }
}
