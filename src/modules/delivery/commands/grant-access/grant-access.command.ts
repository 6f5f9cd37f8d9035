import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { GrantAccessRequestDto } from './grant-access.request.dto.js';

export class GrantAccessCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: GrantAccessRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
