import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../auth/roles.decorator.js';
import { type CommandResult, CommandPipeline } from '../streams/command-pipeline.js';
import { vehicleStream } from '../streams/vehicle.stream.js';
import type { CommandBody } from '../streams/stream-kind.js';
import type { VehicleCommand } from '../../domain/vehicle/vehicle.decider.js';
import { type CommandRequest, CurrentCommandRequest } from '../../http/command-request.js';
import { summarize, type RecordedEventSummary } from '../../http/command-response.js';
import {
  LinkVehicleRequestDto,
  UnlinkVehicleRequestDto,
  VehicleParams,
} from './vehicles.request.dto.js';
import { ApiTokenErrors } from '../../http/api-responses.js';
import { VehicleChangeDto } from './vehicle-change.response.dto.js';

interface VehicleAnswer {
  readonly vehicleId: string;
  readonly changed: boolean;
  readonly events: readonly RecordedEventSummary[];
}

const answer = (change: CommandResult<unknown>): VehicleAnswer => ({
  vehicleId: change.id,
  changed: change.events.length > 0,
  events: change.events.map(summarize),
});

@ApiTags('vehicles')
@ApiBearerAuth()
@Controller('v1/vehicles')
export class VehiclesHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post()
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      "Link a car to its customer (VehicleLinked), the delivery service's job: the plate and photo are sealed with the customer's key",
  })
  @ApiOkResponse({ type: VehicleChangeDto })
  @ApiTokenErrors({
    409: 'VEHICLE.LINKED_ELSEWHERE: the car is linked to another customer; STREAM.CONFLICT: a concurrent write, retry',
  })
  link(
    @Body() body: LinkVehicleRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<VehicleAnswer> {
    return this.run(body.vehicleId, request, {
      type: 'LinkVehicle',
      data: {
        vehicleId: body.vehicleId,
        customerId: body.customerId,
        plate: body.plate,
        make: body.make,
        model: body.model,
        colour: body.colour,
        photo: body.photo ? { sha256: body.photo.sha256, ref: body.photo.ref } : null,
        driveSide: body.driveSide ?? 'left',
      },
    });
  }

  @Post(':id/unlink')
  @HttpCode(200)
  @Roles('delivery-service', 'customer')
  @ApiOperation({
    summary:
      'Unlink a car from its customer (VehicleUnlinked). A customer reaches only cars linked to them: any other id, linked elsewhere or not at all, is the same 404 VEHICLE.NOT_FOUND',
  })
  @ApiOkResponse({ type: VehicleChangeDto })
  @ApiTokenErrors({
    404: 'VEHICLE.NOT_FOUND: no such car (for a customer: none linked to them)',
    409: 'STREAM.CONFLICT: a concurrent write, retry',
  })
  unlink(
    @Param() params: VehicleParams,
    @Body() body: UnlinkVehicleRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<VehicleAnswer> {
    return this.run(params.id, request, {
      type: 'UnlinkVehicle',
      data: { vehicleId: params.id, reason: body.reason },
    });
  }

  private async run(
    vehicleId: string,
    request: CommandRequest,
    command: CommandBody<VehicleCommand>,
  ): Promise<VehicleAnswer> {
    return answer(await this.pipeline.handle(vehicleStream, { id: vehicleId, request, command }));
  }
}
