import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { RevokeAccessRequestDto } from './revoke-access.request.dto.js';

export class RevokeAccessCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly grantId: string,
    readonly body: RevokeAccessRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
