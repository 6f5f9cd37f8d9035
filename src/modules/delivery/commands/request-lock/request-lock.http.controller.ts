import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RequestLockRequestDto } from './request-lock.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class RequestLockHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/lock-requests')
  @HttpCode(200)
  @Roles('delivery-service', 'admin')
  @ApiOperation({ summary: 'Ask to lock the car (LockRequested)' })
  @ApiCommandResponses()
  async requestLock(
    @Param() params: DeliveryParams,
    @Body() body: RequestLockRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        naturalKey: `lock:${body.commandId}`,
        command: {
          type: 'RequestLock',
          data: { commandId: body.commandId },
        },
      }),
    );
  }
}
