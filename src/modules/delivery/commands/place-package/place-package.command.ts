import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { PlacePackageRequestDto } from './place-package.request.dto.js';

export class PlacePackageCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: PlacePackageRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
