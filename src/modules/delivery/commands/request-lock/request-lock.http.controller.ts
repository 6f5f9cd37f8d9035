import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RequestLockRequestDto } from './request-lock.request.dto.js';

@DeliveryCommandController()
export class RequestLockHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/lock-requests',
    summary:
      'Ask to lock the car (LockRequested); the customer may, for their own delivery, to stop it in progress',
    command: 'RequestLock',
  })
  requestLock(
    @Param() { id }: DeliveryParams,
    @Body() { commandId, occurredAt }: RequestLockRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'RequestLock',
      data: { commandId },
      naturalKey: `lock:${commandId}`,
    });
  }
}
