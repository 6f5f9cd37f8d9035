import { Body, Controller, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { HttpProblem } from '../../../http/error-body.js';
import { Roles } from '../../auth/roles.decorator.js';
import type { RetentionJob, RetentionReport } from './retention-job.js';
import { RetentionRunQueryDto } from './retention-run.query.dto.js';
import { RETENTION_JOB } from './retention-scheduler.js';
import { ApiTokenErrors } from '../../../http/api-responses.js';
import { RetentionReportDto } from './retention-report.response.dto.js';

@ApiTags('subjects')
@ApiBearerAuth()
@Controller('v1/retention')
export class RetentionHttpController {
  constructor(@Inject(RETENTION_JOB) private readonly job: RetentionJob) {}

  @Post('run')
  @HttpCode(200)
  @Roles('compliance', 'admin')
  @ApiOperation({
    summary:
      'Run the retention job now: shred the personal data of deliveries closed longer ago than KEYTRAIL_RETENTION_DAYS (not under legal hold), and report what was shredded (subjects, deliveries, key scopes, counts by kind) and what was held back. With dryRun=true nothing changes: the same report says what a run now would shred',
  })
  @ApiOkResponse({ type: RetentionReportDto })
  @ApiTokenErrors({ 400: 'REQUEST.INVALID: this route takes no body' })
  run(@Body() body: unknown, @Query() query: RetentionRunQueryDto): Promise<RetentionReport> {
    // The job takes no options: no body, or an empty object; anything else is refused, as everywhere.
    const empty =
      body === undefined ||
      (typeof body === 'object' &&
        body !== null &&
        !Array.isArray(body) &&
        Object.keys(body).length === 0);
    if (!empty)
      throw new HttpProblem(400, 'REQUEST.INVALID', 'This route takes no body', { fields: [] });
    return this.job.run({ dryRun: query.dryRun === 'true' });
  }
}
