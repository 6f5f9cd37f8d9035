import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { LedgerDatabase } from '../../adapters/postgres/ledger-database.js';
import { Public } from '../auth/roles.decorator.js';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(LedgerDatabase) private readonly database: LedgerDatabase,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Is the ledger up? 200 when its database answers, 503 otherwise' })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => ({
            mode: this.database.mode,
            headPosition: await this.database.store.headPosition(),
          }))
          .withTimeout(2000),
    ]);
  }
}
