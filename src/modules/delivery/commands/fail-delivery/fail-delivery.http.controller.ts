import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { FailDeliveryCommand } from './fail-delivery.command.js';
import { FailDeliveryRequestDto } from './fail-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class FailDeliveryHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/fail')
  @HttpCode(200)
  @Roles('delivery-service', 'admin')
  @ApiOperation({
    summary: 'Fail the delivery with a fallback; revokes open grants (DeliveryFailed)',
  })
  @ApiCommandResponses()
  async failDelivery(
    @Param() params: DeliveryParams,
    @Body() body: FailDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new FailDeliveryCommand(params.id, body, request)),
    );
  }
}
