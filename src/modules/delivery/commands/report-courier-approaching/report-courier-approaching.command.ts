import { Command } from '@nestjs/cqrs';

import type { CommandRequest } from '../../../../http/command-request.js';
import type { DeliveryCommandResult } from '../../delivery-command.service.js';
import type { ReportCourierApproachingRequestDto } from './report-courier-approaching.request.dto.js';

export class ReportCourierApproachingCommand extends Command<DeliveryCommandResult> {
  constructor(
    readonly deliveryId: string,
    readonly body: ReportCourierApproachingRequestDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
