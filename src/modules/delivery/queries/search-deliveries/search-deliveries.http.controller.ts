import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import type { Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import { type DeliverySearchPage, SearchDeliveriesQuery } from './search-deliveries.query.js';
import { SearchDeliveriesRequestDto } from './search-deliveries.request.dto.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';
import { DeliverySummaryPageDto } from './delivery-summary-page.response.dto.js';

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class SearchDeliveriesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('investigator', 'admin', 'delivery-service', 'customer')
  @ApiOperation({
    summary:
      'Search delivery summaries by vehicle, order, courier, customer, period, status and anomaly',
  })
  @ApiOkResponse({ type: DeliverySummaryPageDto })
  @ApiTokenErrors({ 400: 'REQUEST.INVALID_CURSOR: a cursor this search did not give' })
  search(
    @Query() filters: SearchDeliveriesRequestDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<DeliverySearchPage> {
    return this.queryBus.execute(new SearchDeliveriesQuery(filters, reader));
  }
}
