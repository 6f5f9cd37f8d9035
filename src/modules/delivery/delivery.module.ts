import { Module } from '@nestjs/common';

import { AllowInCarDeliveryHttpController } from './commands/allow-in-car-delivery/allow-in-car-delivery.http.controller.js';
import { BlockInCarDeliveryHttpController } from './commands/block-in-car-delivery/block-in-car-delivery.http.controller.js';
import { CancelDeliveryHttpController } from './commands/cancel-delivery/cancel-delivery.http.controller.js';
import { CompleteDeliveryHttpController } from './commands/complete-delivery/complete-delivery.http.controller.js';
import { DeclareVehicleLocationHttpController } from './commands/declare-vehicle-location/declare-vehicle-location.http.controller.js';
import { FailDeliveryHttpController } from './commands/fail-delivery/fail-delivery.http.controller.js';
import { GrantAccessHttpController } from './commands/grant-access/grant-access.http.controller.js';
import { PlacePackageHttpController } from './commands/place-package/place-package.http.controller.js';
import { RecordClosureHttpController } from './commands/record-closure/record-closure.http.controller.js';
import { ReportCourierApproachingHttpController } from './commands/report-courier-approaching/report-courier-approaching.http.controller.js';
import { RequestLockHttpController } from './commands/request-lock/request-lock.http.controller.js';
import { RequestUnlockHttpController } from './commands/request-unlock/request-unlock.http.controller.js';
import { RevokeAccessHttpController } from './commands/revoke-access/revoke-access.http.controller.js';
import { ScheduleDeliveryHttpController } from './commands/schedule-delivery/schedule-delivery.http.controller.js';
import { DeliveryCommands } from './delivery-command.route.js';
import { PreviousDelivery } from './commands/schedule-delivery/previous-delivery.js';
import { PhotosModule } from '../photos/photos.module.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';

const COMMAND_CONTROLLERS = [
  AllowInCarDeliveryHttpController,
  BlockInCarDeliveryHttpController,
  CancelDeliveryHttpController,
  CompleteDeliveryHttpController,
  DeclareVehicleLocationHttpController,
  FailDeliveryHttpController,
  GrantAccessHttpController,
  PlacePackageHttpController,
  RecordClosureHttpController,
  ReportCourierApproachingHttpController,
  RequestLockHttpController,
  RequestUnlockHttpController,
  RevokeAccessHttpController,
  ScheduleDeliveryHttpController,
];

@Module({
  imports: [PhotosModule, CommandPipelineModule],
  controllers: COMMAND_CONTROLLERS,
  providers: [DeliveryCommands, PreviousDelivery],
})
export class DeliveryModule {}
