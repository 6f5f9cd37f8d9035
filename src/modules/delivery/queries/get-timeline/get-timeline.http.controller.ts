import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { isInstant, LEDGER_ID } from '../../dto/validation.js';
import { CurrentPrincipal } from '../../../auth/current-principal.decorator.js';
import type { Principal } from '../../../auth/principal.js';
import { Roles } from '../../../auth/roles.decorator.js';
import { HttpProblem } from '../../../../http/error-body.js';
import { DeliveryParams } from '../../dto/delivery-params.dto.js';
import type { AsOf } from '../delivery-read-model.js';
import { GetTimelineQuery } from './get-timeline.query.js';
import type { Timeline } from './timeline.js';

class TimelineQueryDto {
  @ApiPropertyOptional({
    description:
      'A global position, or an ISO-8601 timestamp: the timeline as the ledger knew it then',
    example: '2026-11-25T14:03:00Z',
  })
  @IsOptional()
  @Matches(/^(\d{1,15}|\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2}))$/, {
    message: 'asOf must be a global position or an ISO-8601 timestamp with a time zone',
  })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      "An investigator's open case covering this delivery: precise personal data, each reveal recorded in the customer's access log",
    example: 'case-77',
  })
  @IsOptional()
  @Matches(LEDGER_ID, { message: 'caseId must be a case id' })
  caseId?: string;
}

class TimelineResponseDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty() phase: string;
  @ApiProperty() released: boolean;
  @ApiProperty({ enum: ['owner', 'pseudonymised', 'case', 'compliance'] }) view: string;
  @ApiProperty({ nullable: true }) caseId: string | null;
  @ApiProperty() personalDataRedacted: boolean;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) vehicle: unknown;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  entries: unknown[];
}

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
  timeline(
    @Param() params: DeliveryParams,
    @Query() query: TimelineQueryDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<Timeline> {
    return this.queryBus.execute(
      new GetTimelineQuery(params.id, parseAsOf(query.asOf), reader, query.caseId),
    );
  }
}
