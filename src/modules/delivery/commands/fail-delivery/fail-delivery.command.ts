import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { FailDeliveryRequestDto } from './fail-delivery.request.dto.js';

export class FailDeliveryCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: FailDeliveryRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
