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
    summary: 'Allow in-car delivery again (InCarDeliveryAllowed)',
    command: 'AllowInCarDelivery',
  })
  allowInCarDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { occurredAt }: AllowInCarDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'AllowInCarDelivery',
      data: {},
    });
  }
}
