import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { CompleteDeliveryRequestDto } from './complete-delivery.request.dto.js';

export class CompleteDeliveryCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: CompleteDeliveryRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
