import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { summarize, type RecordedEventSummary } from '../../../http/command-response.js';
import { Roles } from '../../auth/roles.decorator.js';
import { CaseNotFound } from '../../../domain/case/case.decider.js';
import { type CaseChange, CasesService, type CaseView } from './cases.service.js';
import { OpenCaseRequestDto, CloseCaseRequestDto, CaseParams } from './cases.request.dto.js';

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
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('investigator')
  @ApiOperation({
    summary:
      'Open a case over deliveries (CaseOpened): precise data of those deliveries becomes reachable to its investigator, every reveal recorded; their customers get a legal hold',
  })
  @ApiResponse({ status: 201, description: 'Opened (200: the same case was open already)' })
  @ApiErrors({ 409: 'The case id is taken', 422: 'A delivery does not exist' })
  async open(
    @Body() body: OpenCaseRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseAnswer> {
    const change = await this.cases.open(body, request);
    response.status(change.events.length > 0 ? 201 : 200);
    return answer(change);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('investigator', 'admin')
  @ApiOperation({
    summary:
      'Close a case (CaseClosed): its precise-data access ends and its legal holds are released',
  })
  async close(
    @Param() params: CaseParams,
    @Body() body: CloseCaseRequestDto,
    @CurrentCommandRequest() request: CommandRequest,
  ): Promise<CaseAnswer> {
    return answer(await this.cases.close(params.id, body.resolution, request));
  }

  @Get(':id')
  @Roles('investigator', 'compliance', 'admin')
  @ApiOperation({ summary: 'A case: its deliveries, customers, reason and whether it is open' })
  async get(@Param() params: CaseParams): Promise<CaseView> {
    const found = await this.cases.get(params.id);
    if (!found) throw new CaseNotFound(params.id);
    return found;
  }
}
