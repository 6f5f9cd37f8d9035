import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { AllowInCarDeliveryRequestDto } from './allow-in-car-delivery.request.dto.js';

@DeliveryCommandController()
export class AllowInCarDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/allow',
    summary:
      'Lift a block of in-car delivery (InCarDeliveryAllowed): only whoever made the block (the customer, or the delivery service) may lift it, or an admin giving a `reason` (recorded). Anyone else is refused and the refusal recorded: 403 DELIVERY.BLOCK_NOT_YOURS',
    command: 'AllowInCarDelivery',
  })
  allowInCarDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { reason, occurredAt }: AllowInCarDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'AllowInCarDelivery',
      data: { reason: reason ?? null },
    });
  }
}
