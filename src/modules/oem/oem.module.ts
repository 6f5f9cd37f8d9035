import { Module } from '@nestjs/common';

import { DeliveryModule } from '../delivery/delivery.module.js';
import { RecordVendorCommandResultHandler } from './commands/record-vendor-command-result/record-vendor-command-result.handler.js';
import { ReportVehicleStatusHandler } from './commands/report-vehicle-status/report-vehicle-status.handler.js';
import { GmWebhookHttpController } from './gm/gm-webhook.http.controller.js';
import { DeliveryDriveSide } from './tesla/drive-side.js';
import { TeslaWebhookHttpController } from './tesla/tesla-webhook.http.controller.js';
import { VolvoWebhookHttpController } from './volvo/volvo-webhook.http.controller.js';

const WEBHOOK_CONTROLLERS = [
  VolvoWebhookHttpController,
  GmWebhookHttpController,
  TeslaWebhookHttpController,
];
const HANDLERS = [RecordVendorCommandResultHandler, ReportVehicleStatusHandler];

@Module({
  imports: [DeliveryModule],
  controllers: WEBHOOK_CONTROLLERS,
  providers: [...HANDLERS, DeliveryDriveSide],
})
export class OemModule {}
