import { Command } from '@nestjs/cqrs';

import type { RecordVendorCommandResult } from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../delivery/command-request.js';
import type { DeliveryCommandResult } from '../../../delivery/delivery-command.service.js';

export class RecordVendorCommandResultCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly result: RecordVendorCommandResult['data'],
    /** When it happened by the carmaker's clock, if the payload says. */
    readonly occurredAt: string | undefined,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
