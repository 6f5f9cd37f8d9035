import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import type { LedgerDatabase } from './adapters/ledger-database.js';
import type { Clock } from './config/clock.js';
import type { SourceKeysConfig } from './config/keytrail-config.js';
import type { TimeRules } from './domain/shared/time-rules.js';
import { CommandPipelineModule } from './modules/streams/command-pipeline.module.js';
import { LedgerModule } from './ledger.module.js';
import { LedgerMetrics } from './observability/ledger-metrics.js';
import { AuthModule } from './modules/auth/auth.module.js';
import type { ConnectorRefusalLimits } from './modules/auth/connector-refusal-limiter.js';
import type { TokenVerifier } from './modules/auth/token-verifier.js';
import { AnomaliesModule } from './modules/anomalies/anomalies.module.js';
import { LockRequestsModule } from './modules/lock-requests/lock-requests.module.js';
import { DeliveryQueriesModule } from './modules/delivery/delivery-queries.module.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { DevicesModule } from './modules/devices/devices.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { DEFAULT_PROJECTION_STALL_SECONDS } from './modules/health/projections-health.js';
import { OemModule } from './modules/oem/oem.module.js';
import { ProjectionsModule } from './modules/projections/projections.module.js';
import { EvidenceModule } from './modules/integrity/evidence/evidence.module.js';
import { IntegrityModule } from './modules/integrity/integrity.module.js';
import { IntegrityRoutesModule } from './modules/integrity/integrity-routes.module.js';
import { SubjectExportModule } from './modules/integrity/subject-export/subject-export.module.js';
import type { IntegrityDependencies } from './modules/integrity/integrity.tokens.js';
import { PhotosModule } from './modules/photos/photos.module.js';
import { PrivacyModule } from './modules/privacy/privacy.module.js';
import type { PrivacyDependencies } from './modules/privacy/privacy.tokens.js';
import { VehiclesModule } from './modules/vehicles/vehicles.module.js';

export interface AppDependencies {
  readonly database: LedgerDatabase;
  readonly verifier: TokenVerifier;
  readonly clock: Clock;
  /** Whether this process runs the projections and the watchdog (else a projector worker does). */
  readonly runProjections: boolean;
  readonly privacy: PrivacyDependencies;
  readonly integrity: IntegrityDependencies;
  /** The metrics the database was opened with, so that /metrics shows its appends and batches. */
  readonly metrics?: LedgerMetrics;
  /** How far sources' clocks are trusted; the defaults where not said. */
  readonly timeRules?: TimeRules;
  /** How many refused calls a connector may make before it is answered 429 (30 a minute). */
  readonly connectorRefusals?: ConnectorRefusalLimits;
  /** KEYTRAIL_TRUST_PROXY: proxies in front whose X-Forwarded-For entries name the caller (default 0). */
  readonly trustProxyHops?: number;
  /** KEYTRAIL_SOURCE_KEYS: the carmakers' connector keys (none: every webhook is taken unsigned). */
  readonly sourceKeys?: SourceKeysConfig;
  /** KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: refuse drop receipts no courier device signed (default false). */
  readonly requireDeviceSignatures?: boolean;
  /** KEYTRAIL_PROJECTION_STALL_S: /health/ready fails once a projection stood still this long. */
  readonly projectionStallSeconds?: number;
}

@Module({})
export class AppModule {
  static forRoot({
    database,
    verifier,
    clock,
    runProjections,
    privacy,
    integrity,
    metrics,
    timeRules,
    connectorRefusals,
    trustProxyHops = 0,
    sourceKeys,
    requireDeviceSignatures = false,
    projectionStallSeconds = DEFAULT_PROJECTION_STALL_SECONDS,
  }: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        LedgerModule.forRoot(database, clock, metrics ?? new LedgerMetrics(), timeRules),
        AuthModule.forRoot(verifier, connectorRefusals, trustProxyHops),
        IntegrityModule.forRoot(integrity, { sendToWitnesses: runProjections }),
        IntegrityRoutesModule,
        DeliveryModule,
        ProjectionsModule.forRoot(runProjections, CommandPipelineModule),
        DeliveryQueriesModule,
        AnomaliesModule,
        LockRequestsModule,
        OemModule.forRoot(sourceKeys),
        PhotosModule,
        // Where its routes were registered before it became one module, so the route order holds.
        PrivacyModule.forRoot(privacy),
        VehiclesModule,
        DevicesModule.forRoot(requireDeviceSignatures),
        EvidenceModule,
        SubjectExportModule,
        HealthModule.forRoot(projectionStallSeconds, runProjections),
      ],
    };
  }
}
