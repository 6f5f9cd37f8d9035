import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { isInstant } from '../../dto/validation.js';
import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import type { Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../../../http/api-responses.js';
import { RequestAppends } from '../../../../http/command-request.js';
import { HttpProblem } from '../../../../http/error-body.js';
import type { UnconfirmedAppends } from '../../../../event-store/unconfirmed-appends.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import type { AsOf } from '../delivery-read-model.js';
import { GetTimelineQuery } from './get-timeline.query.js';
import type { Timeline } from './timeline.js';

import { TimelineQueryDto } from './get-timeline.dto.js';
import { TimelineResponseDto } from './timeline.response.dto.js';

function parseAsOf(value: string | undefined): AsOf {
  if (value === undefined) return null;
  if (/^\d+$/.test(value)) return { position: Number(value) };
  if (!isInstant(value))
    throw new HttpProblem(400, 'REQUEST.INVALID', 'asOf is not a valid timestamp');
  return { recordedAt: new Date(value).toISOString() };
}

@ApiTags('deliveries')
@ApiBearerAuth()
@Controller('v1/deliveries')
export class GetTimelineHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':id/timeline')
  @Roles('investigator', 'customer', 'delivery-service', 'compliance', 'admin')
  @ApiOperation({
    summary:
      "A delivery's events by when each happened (ledger position, late arrivals marked), with envelope and hash",
  })
  @ApiOkResponse({ type: TimelineResponseDto })
  @ApiTokenErrors({
    400: 'asOf is neither a position nor a timestamp',
    403: 'ACCESS.NOT_YOURS: another customer’s delivery; ACCESS.CASE_REQUIRED, CASE.NOT_YOURS, CASE.NOT_APPROVED, CASE.EXPIRED, CASE.CLOSED, CASE.DOES_NOT_COVER: no open case of yours covers it',
    404: 'DELIVERY.NOT_FOUND: unknown delivery (or not reachable by this reader)',
  })
  timeline(
    @Param() params: DeliveryParams,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() reader: Principal,
    @RequestAppends() unconfirmed: UnconfirmedAppends | undefined,
  ): Promise<Timeline> {
    return this.queryBus.execute(
      new GetTimelineQuery(params.id, parseAsOf(query.asOf), reader, query.caseId, unconfirmed),
    );
  }
}
