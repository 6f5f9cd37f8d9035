import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { summarize } from '../../../http/command-response.js';
import { type AccessLogEntry, SubjectsService } from './subjects.service.js';
import {
  SubjectParams,
  ErasureRequestDto,
  AccessLogQueryDto,
  ErasureResponseDto,
  LegalHoldRequestDto,
} from './subjects.dto.js';
import type { LegalHold } from '../../../domain/subject/subject.decider.js';
import { AccessLogDto } from './access-log.response.dto.js';
import { LegalHoldsDto } from './legal-holds.response.dto.js';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('v1/subjects')
export class SubjectsHttpController {
  constructor(private readonly subjects: SubjectsService) {}

  @Get(':customerId/access-log')
  @Roles('customer', 'compliance')
  @ApiOperation({
    summary:
      "Who was shown the customer's precise personal data: each reveal, with case and purpose",
  })
  @ApiOkResponse({ type: AccessLogDto })
  @ApiTokenErrors({ 403: "ACCESS.NOT_YOURS: another customer's log" })
  async accessLog(
    @Param() params: SubjectParams,
    @Query() query: AccessLogQueryDto,
    @CurrentPrincipal() reader: Principal,
  ): Promise<{ customerId: string; entries: AccessLogEntry[]; nextRevision: number | null }> {
    const page = await this.subjects.accessLog(params.customerId, reader, {
      fromRevision: query.fromRevision ?? 0,
      limit: query.limit ?? 100,
    });
    return { customerId: params.customerId, ...page };
  }

  @Post(':customerId/erasure')
  @HttpCode(200)
  @Roles('customer', 'compliance')
  @ApiOperation({
    summary:
      "Erase a customer's personal data by destroying their keys (crypto-shredding); refused under a legal hold",
  })
  @ApiResponse({ status: 200, type: ErasureResponseDto })
  @ApiTokenErrors({
    403: "ACCESS.NOT_YOURS: another customer's data",
    404: 'SUBJECT.NOT_FOUND: unknown subject',
    409: 'SUBJECT.LEGAL_HOLD: under legal hold; SUBJECT.OPEN_DELIVERIES: deliveries under way',
  })
  async erase(
    @Param() params: SubjectParams,
    @Body() body: ErasureRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<ErasureResponseDto> {
    const reason =
      body.reason ?? (request.principal.role === 'customer' ? 'request' : 'compliance');
    const result = await this.subjects.erase(params.customerId, reason, request);
    return { ...result, events: result.events.map(summarize) };
  }

  @Post(':customerId/legal-holds')
  @Roles('compliance')
  @ApiOperation({
    summary:
      "Place compliance's explicit legal hold (LegalHoldPlaced with a reason and an end): erasure and retention are refused until `until`, whatever becomes of the cases that hold the data",
  })
  @ApiResponse({ status: 201, type: LegalHoldsDto, description: 'Placed' })
  @ApiResponse({
    status: 200,
    type: LegalHoldsDto,
    description: 'The same hold was in place already',
  })
  @ApiTokenErrors({
    404: 'SUBJECT.NOT_FOUND: unknown subject',
    422: 'SUBJECT.HOLD_END_PASSED: the end is not in the future',
  })
  async placeHold(
    @Param() params: SubjectParams,
    @Body() body: LegalHoldRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{
    customerId: string;
    changed: boolean;
    holds: readonly LegalHold[];
    events: unknown[];
  }> {
    const placed = await this.subjects.placeHold(params.customerId, body, request);
    response.status(placed.events.length > 0 ? 201 : 200);
    return {
      customerId: params.customerId,
      changed: placed.events.length > 0,
      holds: placed.holds,
      events: placed.events.map(summarize),
    };
  }
}
