import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { ReportCourierApproachingCommand } from './report-courier-approaching.command.js';

@CommandHandler(ReportCourierApproachingCommand)
export class ReportCourierApproachingHandler implements ICommandHandler<
  ReportCourierApproachingCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    body,
    request,
  }: ReportCourierApproachingCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'ReportCourierApproaching',
        data: {
          courierId: body.courierId,
          eta: body.eta,
          courierName: body.courierName ?? null,
        },
      },
    });
  }
}
