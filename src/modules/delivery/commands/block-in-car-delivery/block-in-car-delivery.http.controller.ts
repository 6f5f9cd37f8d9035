import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { BlockInCarDeliveryRequestDto } from './block-in-car-delivery.request.dto.js';

@DeliveryCommandController()
export class BlockInCarDeliveryHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/block',
    summary:
      'Block in-car delivery (InCarDeliveryBlocked, AccessRevoked); after the unlock it also asks for a lock (LockRequested)',
    command: 'BlockInCarDelivery',
  })
  blockInCarDelivery(
    @Param() { id }: DeliveryParams,
    @Body() { reason, occurredAt }: BlockInCarDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'BlockInCarDelivery',
      data: { reason: reason ?? null },
    });
  }
}
