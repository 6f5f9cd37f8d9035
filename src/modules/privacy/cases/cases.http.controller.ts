import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiTokenErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { summarize, type RecordedEventSummary } from '../../../http/command-response.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CaseNotFound } from '../../../domain/case/case.decider.js';
import { type CaseChange, CasesService, type CaseView } from './cases.service.js';
import {
  ApproveCaseRequestDto,
  CaseListQueryDto,
  CaseParams,
  CloseCaseRequestDto,
  OpenCaseRequestDto,
} from './cases.request.dto.js';
import { CaseList, type CaseSummary } from './case-list.js';
import { CaseChangeDto } from './case-change.response.dto.js';
import { CaseDto } from './case.response.dto.js';
import { CaseListDto } from './case-summary.response.dto.js';

interface CaseAnswer {
  readonly case: CaseView;
  readonly changed: boolean;
  readonly events: readonly RecordedEventSummary[];
}

const answer = (change: CaseChange): CaseAnswer => ({
  case: change.case,
  changed: change.events.length > 0,
  events: change.events.map(summarize),
});

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesHttpController {
  constructor(
    private readonly cases: CasesService,
    private readonly list: CaseList,
  ) {}

  @Post()
  @Roles('investigator')
  @ApiOperation({
    summary:
      'Open a case over deliveries (CaseOpened): it is pending until a second person approves it; then precise data of those deliveries becomes reachable to its investigator, every reveal recorded. Their customers get a legal hold for as long as the case lives',
  })
  @ApiResponse({ status: 201, type: CaseChangeDto, description: 'Opened' })
  @ApiResponse({ status: 200, type: CaseChangeDto, description: 'The same case was open already' })
  @ApiTokenErrors({
    409: 'CASE.ID_TAKEN: the case id is taken by another case',
    422: 'CASE.UNKNOWN_DELIVERIES: a delivery does not exist',
  })
  async open(
    @Body() body: OpenCaseRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseAnswer> {
    const change = await this.cases.open(body, request);
    response.status(change.events.length > 0 ? 201 : 200);
    return answer(change);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('investigator', 'supervisor', 'compliance')
  @ApiOperation({
    summary:
      'Approve a case (CaseApproved) as a second person, with a reason: another investigator, a supervisor, or compliance (the only approver of a case over KEYTRAIL_CASE_MAX_DELIVERIES). Precise data becomes reachable for KEYTRAIL_CASE_TTL_DAYS; approving a live case again extends it',
  })
  @ApiOkResponse({ type: CaseChangeDto, description: 'Approved (or extended)' })
  @ApiTokenErrors({
    403: 'CASE.SELF_APPROVAL (the opener), CASE.NEEDS_COMPLIANCE (too many deliveries), CASE.NOT_AN_APPROVER',
    404: 'CASE.NOT_FOUND: no such case',
    409: 'CASE.CLOSED or CASE.EXPIRED',
  })
  async approve(
    @Param() params: CaseParams,
    @Body() body: ApproveCaseRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CaseAnswer> {
    return answer(await this.cases.approve(params.id, body.reason, request));
  }

  @Get()
  @Roles('investigator', 'supervisor', 'compliance', 'admin')
  @ApiOperation({
    summary:
      'Cases in a state now (default: pending, waiting for a second person), oldest first; no personal data',
  })
  @ApiOkResponse({ type: CaseListDto })
  @ApiTokenErrors()
  async listCases(@Query() query: CaseListQueryDto): Promise<{ cases: CaseSummary[] }> {
    return { cases: await this.list.inStatus(query.status ?? 'pending') };
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('investigator', 'admin')
  @ApiOperation({
    summary:
      'Close a case (CaseClosed): its precise-data access ends and its legal holds are released',
  })
  @ApiOkResponse({ type: CaseChangeDto, description: 'Closed (or closed already)' })
  @ApiTokenErrors({
    403: 'CASE.NOT_YOURS: another investigator’s case',
    404: 'CASE.NOT_FOUND: no such case',
  })
  async close(
    @Param() params: CaseParams,
    @Body() body: CloseCaseRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CaseAnswer> {
    return answer(await this.cases.close(params.id, body.resolution, request));
  }

  @Get(':id')
  @Roles('investigator', 'supervisor', 'compliance', 'admin')
  @ApiOperation({
    summary:
      'A case: its deliveries, customers, reason, status (pending, approved, expired, closed), approvals and expiry',
  })
  @ApiOkResponse({ type: CaseDto })
  @ApiTokenErrors({ 404: 'CASE.NOT_FOUND: no such case' })
  async get(@Param() params: CaseParams): Promise<CaseView> {
    const found = await this.cases.get(params.id);
    if (!found) throw new CaseNotFound(params.id);
    return found;
  }
}
