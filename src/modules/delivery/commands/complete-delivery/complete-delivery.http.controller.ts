import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { CompleteDeliveryCommand } from './complete-delivery.command.js';
import { CompleteDeliveryRequestDto } from './complete-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class CompleteDeliveryHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/complete')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Complete the delivery; only after LockConfirmed (DeliveryCompleted)' })
  @ApiCommandResponses()
  async completeDelivery(
    @Param() params: DeliveryParams,
    @Body() body: CompleteDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new CompleteDeliveryCommand(params.id, body, request)),
    );
  }
}
