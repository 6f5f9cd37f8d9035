import { Controller, Get, Logger, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { ApiTokenErrors } from '../../../http/api-responses.js';
import { streamDownload } from '../../../http/streamed-download.js';
import { CurrentPrincipal } from '../../auth/current-principal.decorator.js';
import type { Principal } from '../../auth/principal.js';
import { Roles } from '../../auth/roles.decorator.js';
import { SubjectParams } from '../../privacy/subjects/subjects.dto.js';
import { SubjectExports } from './subject-export.js';
import { SubjectExportDto } from './subject-export.response.dto.js';
import { RequestAppends } from '../../../http/command-request.js';
import type { UnconfirmedAppends } from '../../../event-store/unconfirmed-appends.js';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('v1/subjects')
export class SubjectExportHttpController {
  private readonly logger = new Logger('subject-export');

  constructor(private readonly exports: SubjectExports) {}

  @Get(':customerId/export')
  @Roles('customer', 'compliance')
  @ApiOperation({
    summary:
      'Everything about one customer as one JSON download (GDPR Art. 15/20, CCPA right to know): each delivery as its proof bundle with the timeline as the reader sees it, the cars, the cases that covered them, the access log. In clear for the customer, pseudonymised for compliance; recorded in the access log. Check it with `npx keytrail verify subject-export.json --key <verifier key>`',
  })
  @ApiResponse({
    status: 200,
    type: SubjectExportDto,
    description: 'The export, as an attachment, streamed (a file cut short lacks `complete`)',
  })
  @ApiTokenErrors({
    403: "ACCESS.NOT_YOURS: another customer's export",
    404: 'SUBJECT.NOT_FOUND: unknown subject',
  })
  async export(
    @Param() params: SubjectParams,
    @CurrentPrincipal() reader: Principal,
    @Res() response: Response,
    @RequestAppends() unconfirmed: UnconfirmedAppends | undefined,
  ): Promise<void> {
    // Refusals (403, 404) are answered before anything is written; the access log entry before the data.
    const chunks = await this.exports.start(params.customerId, reader, unconfirmed);
    await streamDownload(response, {
      contentType: 'application/json; charset=utf-8',
      filename: `keytrail-subject-${encodeURIComponent(params.customerId)}.json`,
      chunks,
      logger: this.logger,
    });
  }
}
