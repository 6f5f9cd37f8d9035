import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { CancelDeliveryRequestDto } from './cancel-delivery.request.dto.js';

@DeliveryCommandController()
export class CancelDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/cancel',
    summary: 'Cancel the delivery, until the unlock; revokes open grants (DeliveryCancelled)',
    command: 'CancelDelivery',
  })
  cancelDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { reason, occurredAt }: CancelDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'CancelDelivery',
      data: { reason: reason ?? null },
    });
  }
}
