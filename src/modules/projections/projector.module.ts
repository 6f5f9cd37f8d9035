import { type DynamicModule, Module } from '@nestjs/common';

import type { LedgerDatabase } from '../../adapters/ledger-database.js';
import type { Clock } from '../../config/clock.js';
import { LedgerModule } from '../../ledger.module.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import {
  ConnectorRefusalLimiter,
  DEFAULT_CONNECTOR_REFUSAL_LIMITS,
} from '../auth/connector-refusal-limiter.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { IntegrityModule } from '../integrity/integrity.module.js';
import type { IntegrityDependencies } from '../integrity/integrity.tokens.js';
import { personalDataKeyProviders } from '../privacy/personal-data-keys.providers.js';
import type { PrivacyDependencies } from '../privacy/privacy.tokens.js';
import { ProjectionsModule } from './projections.module.js';

export interface ProjectorDependencies {
  readonly database: LedgerDatabase;
  readonly clock: Clock;
  readonly privacy: PrivacyDependencies;
  readonly integrity: IntegrityDependencies;
}

/**
 * The watchdog's way to the ledger: the command pipeline with the personal data keys it seals and
 * opens with, without the routes around either.
 */
@Module({})
class WatchdogCommandsModule {
  static forRoot(privacy: PrivacyDependencies): DynamicModule {
    return {
      module: WatchdogCommandsModule,
      providers: [
        ...personalDataKeyProviders(privacy),
        CommandPipeline,
        {
          provide: ConnectorRefusalLimiter,
          useValue: new ConnectorRefusalLimiter(DEFAULT_CONNECTOR_REFUSAL_LIMITS),
        },
      ],
      exports: [CommandPipeline],
    };
  }
}

/**
 * The projector worker's application context: the projections, the watchdog and the checkpoint issuer
 * with only what they use (the ledger, the personal data keys, the log signer); no route, no guard,
 * no controller.
 */
@Module({})
export class ProjectorModule {
  static forRoot({ database, clock, privacy, integrity }: ProjectorDependencies): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        LedgerModule.forRoot(database, clock, new LedgerMetrics()),
        IntegrityModule.forRoot(integrity, { sendToWitnesses: true }),
        ProjectionsModule.forRoot(true, WatchdogCommandsModule.forRoot(privacy)),
      ],
    };
  }
}
