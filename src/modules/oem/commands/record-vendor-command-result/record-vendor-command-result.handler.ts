import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  type DeliveryCommandResult,
  DeliveryCommandService,
} from '../../../delivery/delivery-command.service.js';
import { payloadKey } from '../../payload-key.js';
import { RecordVendorCommandResultCommand } from './record-vendor-command-result.command.js';

@CommandHandler(RecordVendorCommandResultCommand)
export class RecordVendorCommandResultHandler implements ICommandHandler<
  RecordVendorCommandResultCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    result,
    occurredAt,
    request,
  }: RecordVendorCommandResultCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: `oem:${result.vendor}`,
      vendor: result.vendor,
      occurredAt,
      naturalKey: payloadKey(result.vendor, `commands/${result.commandId}`, result.raw),
      command: { type: 'RecordVendorCommandResult', data: result },
    });
  }
}
