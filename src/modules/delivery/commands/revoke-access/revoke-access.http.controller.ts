import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { GrantParams } from '../../dto/delivery-params.dto.js';
import { RevokeAccessRequestDto } from './revoke-access.request.dto.js';

@DeliveryCommandController()
export class RevokeAccessHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/grants/:grantId/revoke',
    summary: 'Revoke a grant (AccessRevoked)',
    command: 'RevokeAccess',
  })
  revokeAccess(
    @Param() { grantId, id }: GrantParams,
    @Body() { reason, occurredAt }: RevokeAccessRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'RevokeAccess',
      data: { grantId, reason },
    });
  }
}
