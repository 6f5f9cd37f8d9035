import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Roles } from '../../auth/roles.decorator.js';
import { ApiErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { CaseParams } from '../../privacy/cases/cases.request.dto.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceQueryDto } from './evidence.request.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class EvidenceHttpController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id/evidence')
  @Roles('investigator')
  @ApiOperation({
    summary:
      "A case's evidence: the proof bundle of each delivery (JSON, verifiable offline) or a PDF for a reviewer; recorded as EvidenceExported with the document's SHA-256 (X-Evidence-Sha256)",
  })
  @ApiResponse({ status: 200, description: 'application/json or application/pdf' })
  @ApiErrors({ 403: 'Not your case', 404: 'No such case' })
  async export(
    @Param() params: CaseParams,
    @Query() query: EvidenceQueryDto,
    @CurrentCommandRequest() request: CommandRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const format = query.format ?? 'json';
    const { body, contentType, sha256 } = await this.evidence.export(params.id, format, request);
    response.setHeader('X-Evidence-Sha256', sha256);
    response.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body, {
      type: contentType,
      disposition: `attachment; filename="evidence-${params.id}.${format}"`,
      length: body.length,
    });
  }
}
