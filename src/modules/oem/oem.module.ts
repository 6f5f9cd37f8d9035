import { type DynamicModule, Module } from '@nestjs/common';

import { NO_SOURCE_KEYS, type SourceKeysConfig } from '../../config/keytrail-config.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { OemReports } from './oem-reports.js';
import { GmWebhookHttpController } from './gm/gm-webhook.http.controller.js';
import { SOURCE_KEYS, SourceSignatureGuard } from './source-signature.guard.js';
import { DeliveryDriveSide } from './tesla/drive-side.js';
import { TeslaWebhookHttpController } from './tesla/tesla-webhook.http.controller.js';
import { VolvoWebhookHttpController } from './volvo/volvo-webhook.http.controller.js';

const WEBHOOK_CONTROLLERS = [
  VolvoWebhookHttpController,
  GmWebhookHttpController,
  TeslaWebhookHttpController,
];

/** The carmakers' webhooks; each request's source signature is checked against their keys. */
@Module({})
export class OemModule {
  static forRoot(sourceKeys: SourceKeysConfig = NO_SOURCE_KEYS): DynamicModule {
    return {
      module: OemModule,
      // The checkpoints route publishes the carmakers' public keys next to the log's (read-only).
      global: true,
      exports: [SOURCE_KEYS],
      imports: [CommandPipelineModule],
      controllers: WEBHOOK_CONTROLLERS,
      providers: [
        OemReports,
        DeliveryDriveSide,
        SourceSignatureGuard,
        { provide: SOURCE_KEYS, useValue: sourceKeys },
      ],
    };
  }
}
