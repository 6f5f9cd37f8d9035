import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { GrantAccessCommand } from './grant-access.command.js';
import { GrantAccessRequestDto } from './grant-access.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class GrantAccessHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/grants')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Grant a courier time-limited access to the car (AccessGranted)' })
  @ApiCommandResponses()
  async grantAccess(
    @Param() params: DeliveryParams,
    @Body() body: GrantAccessRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new GrantAccessCommand(params.id, body, request)),
    );
  }
}
