import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { GrantAccessRequestDto } from './grant-access.request.dto.js';

@DeliveryCommandController()
export class GrantAccessHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/grants',
    summary: 'Grant a courier time-limited access to the car (AccessGranted)',
    command: 'GrantAccess',
  })
  grantAccess(
    @Param() { id }: DeliveryParams,
    @Body() body: GrantAccessRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, body.occurredAt, {
      type: 'GrantAccess',
      data: {
        grantId: body.grantId,
        courierId: body.courierId,
        notBefore: body.notBefore,
        notAfter: body.notAfter,
        geofence: {
          center: { lat: body.geofence.center.lat, lon: body.geofence.center.lon },
          radiusM: body.geofence.radiusM,
        },
        scope: body.scope,
        singleUse: body.singleUse,
        nonce: body.nonce,
      },
      naturalKey: `grant:${body.grantId}`,
    });
  }
}
