import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { RecordClosureRequestDto } from './record-closure.request.dto.js';

export class RecordClosureCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: RecordClosureRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
