import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { RecordClosureCommand } from './record-closure.command.js';

@CommandHandler(RecordClosureCommand)
export class RecordClosureHandler implements ICommandHandler<
  RecordClosureCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({ deliveryId, body, request }: RecordClosureCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      naturalKey: `closure:${body.closure}:${body.state}:${body.vehicleTimestamp}`,
      command: {
        type: 'RecordClosure',
        data: {
          closure: body.closure,
          state: body.state,
          vehicleTimestamp: body.vehicleTimestamp,
        },
      },
    });
  }
}
