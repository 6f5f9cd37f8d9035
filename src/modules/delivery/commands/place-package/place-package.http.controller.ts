import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { PlacePackageCommand } from './place-package.command.js';
import { PlacePackageRequestDto } from './place-package.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class PlacePackageHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/packages')
  @HttpCode(200)
  @Roles('delivery-service')
  @ApiOperation({ summary: 'Record the package dropped, with its photo digest (PackagePlaced)' })
  @ApiCommandResponses()
  async placePackage(
    @Param() params: DeliveryParams,
    @Body() body: PlacePackageRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.commandBus.execute(new PlacePackageCommand(params.id, body, request)),
    );
  }
}
