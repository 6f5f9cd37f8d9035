import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { DeclareVehicleLocationRequestDto } from './declare-vehicle-location.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class DeclareVehicleLocationHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/location')
  @HttpCode(200)
  @Roles('delivery-service', 'customer')
  @ApiOperation({ summary: 'Say where the car stands (VehicleLocationDeclared)' })
  @ApiCommandResponses()
  async declareVehicleLocation(
    @Param() params: DeliveryParams,
    @Body() body: DeclareVehicleLocationRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        command: {
          type: 'DeclareVehicleLocation',
          data: {
            description: body.description,
            position: { lat: body.position.lat, lon: body.position.lon },
          },
        },
      }),
    );
  }
}
