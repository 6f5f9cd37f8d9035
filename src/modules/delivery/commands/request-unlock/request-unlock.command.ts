import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { RequestUnlockRequestDto } from './request-unlock.request.dto.js';

export class RequestUnlockCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: RequestUnlockRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
