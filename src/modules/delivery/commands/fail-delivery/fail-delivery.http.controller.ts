import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { FailDeliveryRequestDto } from './fail-delivery.request.dto.js';

@DeliveryCommandController()
export class FailDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/fail',
    summary: 'Fail the delivery with a fallback; revokes open grants (DeliveryFailed)',
    command: 'FailDelivery',
  })
  failDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { reason, fallback, occurredAt }: FailDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'FailDelivery',
      data: { reason, fallback },
    });
  }
}
