import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { CompleteDeliveryRequestDto } from './complete-delivery.request.dto.js';

@DeliveryCommandController()
export class CompleteDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/complete',
    summary: 'Complete the delivery; only after LockConfirmed (DeliveryCompleted)',
    command: 'CompleteDelivery',
  })
  completeDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { occurredAt }: CompleteDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'CompleteDelivery',
      data: {},
    });
  }
}
