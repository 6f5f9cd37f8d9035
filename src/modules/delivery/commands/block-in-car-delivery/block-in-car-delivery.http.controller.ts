import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { BlockInCarDeliveryCommand } from './block-in-car-delivery.command.js';
import { BlockInCarDeliveryRequestDto } from './block-in-car-delivery.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class BlockInCarDeliveryHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/block')
  @HttpCode(200)
  @Roles('customer', 'delivery-service', 'admin')
  @ApiOperation({
    summary: 'Block in-car delivery, until the unlock (InCarDeliveryBlocked, AccessRevoked)',
  })
  @ApiCommandResponses()
  async blockInCarDelivery(
    @Param() params: DeliveryParams,
    @Body() body: BlockInCarDeliveryRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new BlockInCarDeliveryCommand(params.id, body, request)),
    );
  }
}
