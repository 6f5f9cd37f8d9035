import { Body, Param } from '@nestjs/common';

import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import {
  DeliveryCommandController,
  DeliveryCommandRoute,
  DeliveryCommands,
} from '../../delivery-command.route.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RecordClosureRequestDto } from './record-closure.request.dto.js';

@DeliveryCommandController()
export class RecordClosureHttpController {
  constructor(private readonly deliveries: DeliveryCommands) {}

  @DeliveryCommandRoute({
    path: ':id/closures',
    summary: 'Record a closure opened or closed (ClosureOpened, ClosureClosed)',
    command: 'RecordClosure',
  })
  recordClosure(
    @Param() { id }: DeliveryParams,
    @Body() { closure, state, vehicleTimestamp, occurredAt }: RecordClosureRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ) {
    return this.deliveries.run(id, request, occurredAt, {
      type: 'RecordClosure',
      data: {
        closure,
        state,
        vehicleTimestamp,
      },
      naturalKey: `closure:${closure}:${state}:${vehicleTimestamp}`,
    });
  }
}
