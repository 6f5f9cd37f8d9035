import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import type { Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import { VehicleParams } from '../../vehicles.request.dto.js';
import { GetCustodyQuery } from './get-custody.query.js';
import { GetCustodyRequestDto } from './get-custody.request.dto.js';
import type { VehicleCustody } from './vehicle-custody.js';
import { VehicleCustodyDto } from './vehicle-custody.response.dto.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';

@ApiTags('vehicles')
@ApiBearerAuth()
@Controller('v1/vehicles')
export class GetCustodyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/custody')
  @Roles('investigator', 'customer', 'admin')
  @ApiOperation({
    summary:
      "One car's custody across deliveries: every grant, unlock, opening and lock in time order, who held live access when, and the gaps",
  })
  @ApiOkResponse({ type: VehicleCustodyDto })
  @ApiTokenErrors({
    400: 'REQUEST.INVALID: from and to are not a range of at most the allowed length',
    404: 'VEHICLE.NOT_FOUND: no such car (for a customer: none linked to them)',
  })
  custody(
    @Param() params: VehicleParams,
    @Query() query: GetCustodyRequestDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<VehicleCustody> {
    return this.queryBus.execute(new GetCustodyQuery(params.id, query.from, query.to, reader));
  }
}
