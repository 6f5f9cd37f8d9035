import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RecordClosureRequestDto } from './record-closure.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class RecordClosureHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/closures')
  @HttpCode(200)
  @Roles('delivery-service', 'oem-connector')
  @ApiOperation({ summary: 'Record a closure opened or closed (ClosureOpened, ClosureClosed)' })
  @ApiCommandResponses()
  async recordClosure(
    @Param() params: DeliveryParams,
    @Body() body: RecordClosureRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
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
      }),
    );
  }
}
