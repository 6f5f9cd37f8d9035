import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { ScheduleDeliveryCommand } from './schedule-delivery.command.js';
import { ScheduleDeliveryRequestDto } from './schedule-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class ScheduleDeliveryHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Schedule an in-car delivery (DeliveryScheduled)' })
  @ApiCommandResponses(true)
  async scheduleDelivery(
    @Body() body: ScheduleDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new ScheduleDeliveryCommand(body.deliveryId, body, request)),
    );
  }
}
