import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { CommandPipeline } from '../../../streams/command-pipeline.js';
import { deliveryStream } from '../../../streams/delivery.stream.js';
import { ApiCommandResponses } from '../../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../../../http/command-response.js';
import { GrantParams } from '../../dto/delivery-params.dto.js';
import { RevokeAccessRequestDto } from './revoke-access.request.dto.js';

@ApiTags('deliveries')
@Controller('v1/deliveries')
export class RevokeAccessHttpController {
  constructor(private readonly pipeline: CommandPipeline) {}

  @Post(':id/grants/:grantId/revoke')
  @HttpCode(200)
  @Roles('delivery-service', 'admin')
  @ApiOperation({ summary: 'Revoke a grant (AccessRevoked)' })
  @ApiCommandResponses()
  async revokeAccess(
    @Param() params: GrantParams,
    @Body() body: RevokeAccessRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: params.id,
        request,
        occurredAt: body.occurredAt,
        command: {
          type: 'RevokeAccess',
          data: { grantId: params.grantId, reason: body.reason },
        },
      }),
    );
  }
}
