import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { Roles } from '../../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../../http/api-responses.js';
import { type CommandRequest, CurrentCommandRequest } from '../../../http/command-request.js';
import { CaseParams } from '../../privacy/cases/cases.request.dto.js';
import { EvidenceService } from './evidence.service.js';
import { EvidenceQueryDto } from './evidence.request.dto.js';
import { EvidenceDto } from './evidence.response.dto.js';

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
  @ApiExtraModels(EvidenceDto)
  @ApiResponse({
    status: 200,
    description:
      'The evidence as an attachment: JSON (format=json) or a PDF for a reviewer (format=pdf)',
    headers: { 'X-Evidence-Sha256': { description: 'SHA-256 of the body, as recorded' } },
    content: {
      'application/json': { schema: { $ref: getSchemaPath(EvidenceDto) } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiTokenErrors({
    403: 'CASE.NOT_YOURS: not your case; CASE.NOT_APPROVED: not approved yet',
    404: 'CASE.NOT_FOUND: no such case',
    503: 'PROOF.NOT_YET_CHECKPOINTED: no checkpoint covers a delivery’s events yet',
  })
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
