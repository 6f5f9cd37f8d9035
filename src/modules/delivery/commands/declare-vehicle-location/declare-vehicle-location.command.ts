import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { DeclareVehicleLocationRequestDto } from './declare-vehicle-location.request.dto.js';

export class DeclareVehicleLocationCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: DeclareVehicleLocationRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
