import { Module } from '@nestjs/common';

import { AllowInCarDeliveryHandler } from './commands/allow-in-car-delivery/allow-in-car-delivery.handler.js';
import { AllowInCarDeliveryHttpController } from './commands/allow-in-car-delivery/allow-in-car-delivery.http.controller.js';
import { BlockInCarDeliveryHandler } from './commands/block-in-car-delivery/block-in-car-delivery.handler.js';
import { BlockInCarDeliveryHttpController } from './commands/block-in-car-delivery/block-in-car-delivery.http.controller.js';
import { CompleteDeliveryHandler } from './commands/complete-delivery/complete-delivery.handler.js';
import { CompleteDeliveryHttpController } from './commands/complete-delivery/complete-delivery.http.controller.js';
import { DeclareVehicleLocationHandler } from './commands/declare-vehicle-location/declare-vehicle-location.handler.js';
import { DeclareVehicleLocationHttpController } from './commands/declare-vehicle-location/declare-vehicle-location.http.controller.js';
import { FailDeliveryHandler } from './commands/fail-delivery/fail-delivery.handler.js';
import { FailDeliveryHttpController } from './commands/fail-delivery/fail-delivery.http.controller.js';
import { GrantAccessHandler } from './commands/grant-access/grant-access.handler.js';
import { GrantAccessHttpController } from './commands/grant-access/grant-access.http.controller.js';
import { PlacePackageHandler } from './commands/place-package/place-package.handler.js';
import { PlacePackageHttpController } from './commands/place-package/place-package.http.controller.js';
import { RecordClosureHandler } from './commands/record-closure/record-closure.handler.js';
import { RecordClosureHttpController } from './commands/record-closure/record-closure.http.controller.js';
import { ReportCourierApproachingHandler } from './commands/report-courier-approaching/report-courier-approaching.handler.js';
import { ReportCourierApproachingHttpController } from './commands/report-courier-approaching/report-courier-approaching.http.controller.js';
import { RequestLockHandler } from './commands/request-lock/request-lock.handler.js';
import { RequestLockHttpController } from './commands/request-lock/request-lock.http.controller.js';
import { RequestUnlockHandler } from './commands/request-unlock/request-unlock.handler.js';
import { RequestUnlockHttpController } from './commands/request-unlock/request-unlock.http.controller.js';
import { RevokeAccessHandler } from './commands/revoke-access/revoke-access.handler.js';
import { RevokeAccessHttpController } from './commands/revoke-access/revoke-access.http.controller.js';
import { ScheduleDeliveryHandler } from './commands/schedule-delivery/schedule-delivery.handler.js';
import { ScheduleDeliveryHttpController } from './commands/schedule-delivery/schedule-delivery.http.controller.js';
import { PhotosModule } from '../photos/photos.module.js';
import { DeliveryCommandService } from './delivery-command.service.js';

const COMMAND_CONTROLLERS = [
  AllowInCarDeliveryHttpController,
  BlockInCarDeliveryHttpController,
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

const COMMAND_HANDLERS = [
  AllowInCarDeliveryHandler,
  BlockInCarDeliveryHandler,
  CompleteDeliveryHandler,
  DeclareVehicleLocationHandler,
  FailDeliveryHandler,
  GrantAccessHandler,
  PlacePackageHandler,
  RecordClosureHandler,
  ReportCourierApproachingHandler,
  RequestLockHandler,
  RequestUnlockHandler,
  RevokeAccessHandler,
  ScheduleDeliveryHandler,
];

@Module({
  imports: [PhotosModule],
  controllers: COMMAND_CONTROLLERS,
  providers: [DeliveryCommandService, ...COMMAND_HANDLERS],
  exports: [DeliveryCommandService],
})
export class DeliveryModule {}
