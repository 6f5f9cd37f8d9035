import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { AllowInCarDeliveryRequestDto } from './allow-in-car-delivery.request.dto.js';

export class AllowInCarDeliveryCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: AllowInCarDeliveryRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
