import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { summarize } from '../../../http/command-response.js';
import {
  CourierErasureRequestDto,
  CourierErasureResponseDto,
  CourierParams,
} from './courier-erasure.dto.js';
import { CourierErasureService } from './courier-erasure.service.js';

@ApiTags('couriers')
@ApiBearerAuth()
@Controller('v1/couriers')
export class CourierErasureHttpController {
  constructor(private readonly couriers: CourierErasureService) {}

  @Post(':courierId/erasure')
  @HttpCode(200)
  @Roles('compliance')
  @ApiOperation({
    summary:
      "Erase a courier's personal data (their positions and name) by destroying their keys; customers' data is untouched",
  })
  @ApiResponse({ status: 200, type: CourierErasureResponseDto })
  @ApiTokenErrors({
    404: 'COURIER.NOT_FOUND: unknown courier',
    409: 'COURIER.OPEN_DELIVERIES: deliveries under way; SUBJECT.LEGAL_HOLD: one under legal hold',
  })
  async erase(
    @Param() params: CourierParams,
    @Body() body: CourierErasureRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CourierErasureResponseDto> {
    const result = await this.couriers.erase(params.courierId, body.reason ?? 'request', request);
    return { ...result, events: result.events.map(summarize) };
  }
}
