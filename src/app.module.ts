import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import type { LedgerDatabase } from './adapters/postgres/ledger-database.js';
import type { Clock } from './config/clock.js';
import { LedgerModule } from './ledger.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import type { TokenVerifier } from './modules/auth/token-verifier.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { OemModule } from './modules/oem/oem.module.js';

export interface AppDependencies {
  readonly database: LedgerDatabase;
  readonly verifier: TokenVerifier;
  readonly clock: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ database, verifier, clock }: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerModule.forRoot(database, clock),
        AuthModule.forRoot(verifier),
        DeliveryModule,
        OemModule,
        HealthModule,
      ],
    };
  }
}
