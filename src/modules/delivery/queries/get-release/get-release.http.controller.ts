import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import type { Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import { GetReleaseQuery, type Release } from './get-release.query.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';
import { ReleaseResponseDto } from './release.response.dto.js';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class GetReleaseHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/release')
  @Roles('delivery-service', 'customer', 'investigator', 'admin')
  @ApiOperation({ summary: 'May the courier leave? True only once the car confirmed the lock' })
  @ApiOkResponse({ type: ReleaseResponseDto })
  @ApiTokenErrors({
    403: 'ACCESS.NOT_YOURS: another customer’s delivery',
    404: 'DELIVERY.NOT_FOUND: unknown delivery',
  })
  release(
    @Param() params: DeliveryParams,
    @CurrentPrincipal() reader: Principal,
  ): Promise<Release> {
    return this.queryBus.execute(new GetReleaseQuery(params.id, reader));
  }
}
