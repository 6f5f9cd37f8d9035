import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { RequestUnlockCommand } from './request-unlock.command.js';
import { RequestUnlockRequestDto } from './request-unlock.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class RequestUnlockHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/unlock-requests')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({
    summary:
      'Ask to unlock the car; denied unless every rule holds (UnlockRequested, UnlockDenied)',
  })
  @ApiCommandResponses()
  async requestUnlock(
    @Param() params: DeliveryParams,
    @Body() body: RequestUnlockRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new RequestUnlockCommand(params.id, body, request)),
    );
  }
}
