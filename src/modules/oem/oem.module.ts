import { Module } from '@nestjs/common';

import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { OemReports } from './oem-reports.js';
import { GmWebhookHttpController } from './gm/gm-webhook.http.controller.js';
import { DeliveryDriveSide } from './tesla/drive-side.js';
import { TeslaWebhookHttpController } from './tesla/tesla-webhook.http.controller.js';
import { VolvoWebhookHttpController } from './volvo/volvo-webhook.http.controller.js';

const WEBHOOK_CONTROLLERS = [
  VolvoWebhookHttpController,
  GmWebhookHttpController,
  TeslaWebhookHttpController,
];

@Module({
  imports: [CommandPipelineModule],
  controllers: WEBHOOK_CONTROLLERS,
  providers: [OemReports, DeliveryDriveSide],
})
export class OemModule {}
