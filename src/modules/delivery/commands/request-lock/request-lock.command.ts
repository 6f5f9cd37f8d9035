import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { RequestLockRequestDto } from './request-lock.request.dto.js';

export class RequestLockCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: RequestLockRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
