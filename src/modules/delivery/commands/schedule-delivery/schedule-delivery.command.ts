import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { ScheduleDeliveryRequestDto } from './schedule-delivery.request.dto.js';

export class ScheduleDeliveryCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: ScheduleDeliveryRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
