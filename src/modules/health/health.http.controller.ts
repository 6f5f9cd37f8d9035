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

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Is the ledger up? 503 when its database does not answer or a projection parked an event',
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
        const report = await this.projections.report();
        const parked = report.projections.filter((p) => p.parked > 0).map((p) => p.projection);
        return parked.length > 0
          ? indicator.down({ ...report, message: `events parked by ${parked.join(', ')}` })
          : indicator.up(report);
      },
    ]);
  }
}
