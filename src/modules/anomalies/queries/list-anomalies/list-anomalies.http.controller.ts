import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Roles } from '../../../auth/roles.decorator.js';
import { type AnomalyPage, ListAnomaliesQuery } from './list-anomalies.query.js';
import { ListAnomaliesRequestDto } from './list-anomalies.request.dto.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';
import { AnomalyPageDto } from './anomaly-page.response.dto.js';

@ApiTags('anomalies')
@ApiBearerAuth()
@Controller('v1/anomalies')
export class ListAnomaliesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @Roles('investigator', 'admin', 'compliance')
  @ApiOperation({
    summary: 'Anomalies found in the ledger, most severe first, with their rule and evidence',
  })
  @ApiOkResponse({ type: AnomalyPageDto })
  @ApiTokenErrors({ 400: 'REQUEST.INVALID_CURSOR: a cursor this list did not give' })
  list(@Query() filters: ListAnomaliesRequestDto): Promise<AnomalyPage> {
    return this.queryBus.execute(new ListAnomaliesQuery(filters));
  }
}
