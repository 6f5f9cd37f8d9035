import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';

import { LedgerDatabase } from '../../adapters/ledger-database.js';
import type { WitnessesConfig } from '../../config/keytrail-config.js';
import { Checkpoints } from '../../integrity/checkpoints.js';
import { Cosignatures, witnessLags } from '../../integrity/cosignatures.js';
import { HttpProblem } from '../../http/error-body.js';
import { Public } from '../auth/roles.decorator.js';
import { WITNESSES } from '../integrity/integrity.tokens.js';
import {
  ProjectionsHealth,
  type ProjectionsReport,
  STALL_FAILS_READINESS,
} from './projections-health.js';
import { ApiPublicErrors } from '../../http/api-responses.js';
import { HealthReportDto } from './health-report.response.dto.js';
import { LivenessDto } from './liveness.response.dto.js';
import { ReadDatabaseHealth } from './read-database-health.js';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: LedgerDatabase,
    private readonly projections: ProjectionsHealth,
    @Inject(STALL_FAILS_READINESS) private readonly stallFailsReadiness: boolean,
    private readonly checkpoints: Checkpoints,
    private readonly cosignatures: Cosignatures,
    @Inject(WITNESSES) private readonly witnesses: WitnessesConfig | null,
    private readonly readDatabase: ReadDatabaseHealth,
  ) {}

  /** Liveness: the process serves requests. No dependency is checked, so a database outage does not
   * get a healthy process restarted (it reconnects by itself). */
  @Get('live')
  @Public()
  @ApiOperation({
    summary: 'Liveness: 200 while the process serves requests (checks nothing else)',
  })
  @ApiOkResponse({ type: LivenessDto })
  @ApiPublicErrors()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: whether to send it traffic. The database answers, and, where this instance runs the
   * projections, none has stood still for KEYTRAIL_PROJECTION_STALL_S while events wait for it. A
   * parked event does not count: the projection went on. An API instance that leaves the projections
   * to a worker stays ready through the worker's stall (it still takes every write; the stall shows
   * in /health and the metrics): every instance reads the same checkpoints, and failing them all would
   * empty the load balancer and stop the carmakers' lock confirmations too.
   */
  @Get('ready')
  @Public()
  // Documented here, not by terminus: its own documentation depends on how @nestjs/swagger loads.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every check is up' })
  @ApiPublicErrors({ 503: 'HEALTH.DOWN: a check is down (details: every check, as in the report)' })
  @ApiOperation({
    summary:
      'Readiness: 503 when the database or the event store does not answer, or a projection has made no progress for KEYTRAIL_PROJECTION_STALL_S while events wait',
  })
  ready() {
    // A read database down does not stop the writes (the carmakers' confirmations): it shows, and
    // /health fails, but the instance stays in the load balancer.
    return this.check(this.stallFailsReadiness, false);
  }

  @Get()
  @Public()
  // Documented here, not by terminus: its own documentation depends on how @nestjs/swagger loads.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every check is up' })
  @ApiPublicErrors({ 503: 'HEALTH.DOWN: a check is down (details: every check, as in the report)' })
  @ApiOperation({
    summary:
      'Is the ledger up? 503 only when its database does not answer; details: each projection’s position, lag, stall and parked events, and each witness’s lag behind the latest checkpoint',
  })
  overview() {
    return this.check(false, true);
  }

  /** KEYTRAIL_READ_DATABASE_URL: whether it answers, and how far its read models are behind. */
  private async readDatabaseCheck(failsWhenDown: boolean) {
    const indicator = this.indicators.check('readDatabase');
    try {
      return indicator.up({ ...(await withTimeout(this.readDatabase.report(), 2000)) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return failsWhenDown
        ? indicator.down({ message })
        : indicator.up({ reachable: false, message });
    }
  }

  /**
   * Each witness's lag: informative only. A witness down or refusing never makes the ledger unhealthy
   * (its checkpoints are still issued); the lag shows it, and keytrail_witness_lag_events alerts on it.
   */
  private async witnessesCheck(config: WitnessesConfig) {
    const indicator = this.indicators.check('witnesses');
    try {
      const latest = (await this.checkpoints.latest())?.treeSize ?? 0;
      const names = config.witnesses.map((w) => w.name);
      const lags = await witnessLags(latest, this.cosignatures, names);
      return indicator.up({
        latestCheckpoint: latest,
        quorum: config.quorum,
        cosignedByQuorum: lags.filter((w) => w.lag === 0).length >= config.quorum,
        witnesses: lags,
      });
    } catch (error) {
      return indicator.up({ message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A 503 keeps what failed: `{ error: { code: 'HEALTH.DOWN', message, details: <the checks> } }`. */
  private async check(stallFails: boolean, readDatabaseFails: boolean) {
    try {
      return await this.checks(stallFails, readDatabaseFails);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Record<string, unknown>;
      const down = Object.keys((result.error as object | undefined) ?? {});
      throw new HttpProblem(503, 'HEALTH.DOWN', `Down: ${down.join(', ')}`, result);
    }
  }

  private checks(stallFails: boolean, readDatabaseFails: boolean) {
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
        let report: ProjectionsReport;
        try {
          report = await this.projections.report();
        } catch (error) {
          // Its checkpoints live in the database: down with it (a 503, never a 500).
          return indicator.down({
            message: error instanceof Error ? error.message : String(error),
          });
        }
        const stalled = report.projections.filter((p) => p.stalled).map((p) => p.projection);
        return stallFails && stalled.length > 0
          ? indicator.down({
              ...report,
              message: `no progress for ${report.stallSeconds} s while events wait: ${stalled.join(', ')}`,
            })
          : indicator.up({ ...report });
      },
      ...(this.readDatabase.separate ? [() => this.readDatabaseCheck(readDatabaseFails)] : []),
      ...(this.witnesses ? [() => this.witnessesCheck(this.witnesses!)] : []),
    ]);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
