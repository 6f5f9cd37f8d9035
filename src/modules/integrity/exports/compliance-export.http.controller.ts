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
import { ComplianceExports } from './compliance-export.js';
import { ComplianceExportQueryDto } from './compliance-export.request.dto.js';
import {
  ComplianceExportEventDto,
  ComplianceExportHeaderDto,
  ComplianceExportManifestDto,
} from './compliance-export-lines.response.dto.js';

/** Until the client has taken what was written, or has gone. */
function drainedOrClosed(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.once('drain', done);
    response.once('close', done);
  });
}

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
    response.status(200);
    response.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="compliance-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.ndjson"`,
    );
    // The status goes out now: a long export is streaming, not stalled (no answer deadline cuts it).
    response.flushHeaders();
    try {
      for await (const line of this.exports.lines({ from: query.from, to: query.to })) {
        if (response.destroyed || response.writableEnded) return;
        if (!response.write(line)) await drainedOrClosed(response);
      }
      response.end();
    } catch (error) {
      // Mid-stream there is no status to change: cut the stream, so the file has no manifest and
      // fails verification rather than passing for complete.
      this.logger.error(
        `compliance export failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      response.destroy();
    }
  }
}
