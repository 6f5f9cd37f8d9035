import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { LedgerDatabase } from './adapters/ledger-database.js';
import { CLOCK, type Clock } from './config/clock.js';
import { EVENT_STORE } from './event-store/event-store.port.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';

/** The ports every module uses: the event store, the database, the clock, the metrics. */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(database: LedgerDatabase, clock: Clock, metrics: LedgerMetrics): DynamicModule {
    return {
      module: LedgerModule,
      providers: [
        { provide: LedgerDatabase, useValue: database },
        { provide: DataSource, useValue: database.dataSource },
        { provide: EVENT_STORE, useValue: database.store },
        { provide: CLOCK, useValue: clock },
        { provide: LedgerMetrics, useValue: metrics },
      ],
      exports: [LedgerDatabase, DataSource, EVENT_STORE, CLOCK, LedgerMetrics],
    };
  }
}
