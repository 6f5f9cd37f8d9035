import { Command } from '@nestjs/cqrs';

import type { ReportVehicleStatus } from '../../../../domain/delivery/delivery.commands.js';
import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../../delivery/delivery-command.service.js';

export class ReportVehicleStatusCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly status: ReportVehicleStatus['data'],
    readonly request: CommandRequest,
  ) {
    super();
  }
}
