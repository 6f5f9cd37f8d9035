import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { BlockInCarDeliveryRequestDto } from './block-in-car-delivery.request.dto.js';

export class BlockInCarDeliveryCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: BlockInCarDeliveryRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
