import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { DeclareVehicleLocationRequestDto } from './declare-vehicle-location.request.dto.js';

@DeliveryCommandController()
export class DeclareVehicleLocationHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/location',
    summary: 'Say where the car stands (VehicleLocationDeclared)',
    command: 'DeclareVehicleLocation',
  })
  declareVehicleLocation(
    @Param() { id }: DeliveryParams,
    @Body() { description, position, occurredAt }: DeclareVehicleLocationRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'DeclareVehicleLocation',
      data: {
        description,
        position: { lat: position.lat, lon: position.lon },
      },
    });
  }
}
