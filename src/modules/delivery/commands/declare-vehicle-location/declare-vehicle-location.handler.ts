import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  DeliveryCommandService,
  type DeliveryCommandResult,
} from '../../delivery-command.service.js';
import { DeclareVehicleLocationCommand } from './declare-vehicle-location.command.js';

@CommandHandler(DeclareVehicleLocationCommand)
export class DeclareVehicleLocationHandler implements ICommandHandler<
  DeclareVehicleLocationCommand,
  DeliveryCommandResult
> {
  constructor(private readonly deliveries: DeliveryCommandService) {}

  execute({
    deliveryId,
    body,
    request,
  }: DeclareVehicleLocationCommand): Promise<DeliveryCommandResult> {
    return this.deliveries.execute({
      deliveryId,
      request,
      source: 'api',
      occurredAt: body.occurredAt,
      command: {
        type: 'DeclareVehicleLocation',
        data: {
          description: body.description,
          position: { lat: body.position.lat, lon: body.position.lon },
        },
      },
    });
  }
}
