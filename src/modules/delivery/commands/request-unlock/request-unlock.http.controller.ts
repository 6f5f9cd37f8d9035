import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RequestUnlockRequestDto } from './request-unlock.request.dto.js';

@DeliveryCommandController()
export class RequestUnlockHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/unlock-requests',
    summary:
      'Ask to unlock the car; denied unless every rule holds (UnlockRequested, UnlockDenied)',
    command: 'RequestUnlock',
  })
  requestUnlock(
    @Param() { id }: DeliveryParams,
    @Body() body: RequestUnlockRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, body.occurredAt, {
      type: 'RequestUnlock',
      data: {
        grantId: body.grantId,
        courierId: body.courierId,
        courierPosition: { lat: body.courierPosition.lat, lon: body.courierPosition.lon },
        commandId: body.commandId,
        nonce: body.nonce,
      },
      naturalKey: `unlock:${body.commandId}`,
    });
  }
}
