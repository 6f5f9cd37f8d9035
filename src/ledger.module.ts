import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { LedgerDatabase } from './adapters/ledger-database.js';
import { READ_MODELS, ReadModels } from './adapters/read-models.js';
import { CLOCK, type Clock } from './config/clock.js';
import { DEFAULT_TIME_RULES, type TimeRules } from './domain/shared/time-rules.js';
import { EVENT_STORE } from './event-store/event-store.port.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';

/**
 * How far sources' clocks are trusted (KEYTRAIL_MAX_FUTURE_SKEW_S, KEYTRAIL_MAX_STATUS_AGE_S,
 * KEYTRAIL_VEHICLE_POSITION_MAX_AGE_S).
 */
export const TIME_RULES = Symbol('TIME_RULES');

/** The ports every module uses: the event store, the database (and where queries read it), the clock and its rules, the metrics. */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(
    database: LedgerDatabase,
    clock: Clock,
    metrics: LedgerMetrics,
    timeRules: TimeRules = DEFAULT_TIME_RULES,
  ): DynamicModule {
    return {
      module: LedgerModule,
      providers: [
        { provide: LedgerDatabase, useValue: database },
        { provide: DataSource, useValue: database.dataSource },
        { provide: ReadModels, useValue: database.readModels },
        { provide: READ_MODELS, useValue: database.readModels.dataSource },
        { provide: EVENT_STORE, useValue: database.store },
        { provide: CLOCK, useValue: clock },
        { provide: LedgerMetrics, useValue: metrics },
        { provide: TIME_RULES, useValue: timeRules },
      ],
      exports: [
        LedgerDatabase,
        DataSource,
        ReadModels,
        READ_MODELS,
        EVENT_STORE,
        CLOCK,
        LedgerMetrics,
        TIME_RULES,
      ],
    };
  }
}
