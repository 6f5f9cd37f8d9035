import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { CaseQueryDto } from '../../../../http/case-query.dto.js';

export class TimelineQueryDto extends CaseQueryDto {
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
}
