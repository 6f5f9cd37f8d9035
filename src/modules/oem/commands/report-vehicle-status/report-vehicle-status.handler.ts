import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  type DeliveryCommandResult,
  DeliveryCommandService,
} from '../../../delivery/delivery-command.service.js';
import { payloadKey } from '../../payload-key.js';
import { ReportVehicleStatusCommand } from './report-vehicle-status.command.js';

@CommandHandler(ReportVehicleStatusCommand)
export class ReportVehicleStatusHandler implements ICommandHandler<
  ReportVehicleStatusCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    status,
    request,
  }: ReportVehicleStatusCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: `oem:${status.vendor}`,
      vendor: status.vendor,
      occurredAt: status.statusTimestamp,
      naturalKey: payloadKey(status.vendor, 'status', status.raw),
      command: { type: 'ReportVehicleStatus', data: status },
    });
  }
}
