import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { HttpProblem } from '../../../http/error-body.js';
import { Roles } from '../../auth/roles.decorator.js';
import { ApiTokenErrors } from '../../../http/api-responses.js';
import { streamDownload } from '../../../http/streamed-download.js';
import { ComplianceExports } from './compliance-export.js';
import { ComplianceExportQueryDto } from './compliance-export.request.dto.js';
import {
  ComplianceExportEventDto,
  ComplianceExportHeaderDto,
  ComplianceExportManifestDto,
} from './compliance-export-lines.response.dto.js';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('v1/exports')
export class ComplianceExportHttpController {
  private readonly logger = new Logger('compliance-export');

  constructor(private readonly exports: ComplianceExports) {}

  @Get('compliance')
  @Roles('compliance')
  @ApiOperation({
    summary:
      'Every event recorded in [from, to) in the compliance view (geohash 5, keyed-hash tokens of this export), as NDJSON streamed page by page, ending in a signed manifest (count, SHA-256, covering checkpoint). Check it with `npx keytrail verify-export file.ndjson --key <verifier key>`',
  })
  @ApiExtraModels(ComplianceExportHeaderDto, ComplianceExportEventDto, ComplianceExportManifestDto)
  @ApiResponse({
    status: 200,
    description:
      'NDJSON, streamed: a ComplianceExportHeader line, one ComplianceExportEvent line per event, a ComplianceExportManifest line (a stream cut short has no manifest and fails verification). The schema is that of one line',
    content: {
      'application/x-ndjson': {
        schema: {
          oneOf: [
            { $ref: getSchemaPath(ComplianceExportHeaderDto) },
            { $ref: getSchemaPath(ComplianceExportEventDto) },
            { $ref: getSchemaPath(ComplianceExportManifestDto) },
          ],
        },
      },
    },
  })
  @ApiTokenErrors({ 400: 'REQUEST.INVALID: from is not before to' })
  async export(@Query() query: ComplianceExportQueryDto, @Res() response: Response): Promise<void> {
    if (Date.parse(query.from) >= Date.parse(query.to))
      throw new HttpProblem(400, 'REQUEST.INVALID', 'from must be before to');
    await streamDownload(response, {
      contentType: 'application/x-ndjson; charset=utf-8',
      filename: `compliance-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.ndjson`,
      chunks: this.exports.lines({ from: query.from, to: query.to }),
      logger: this.logger,
    });
  }
}
