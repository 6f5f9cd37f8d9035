import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

import { LEDGER_ID } from '../modules/delivery/dto/validation.js';

/** `caseId`, for every read that shows precise personal data under an investigator's open case. */
export class CaseQueryDto {
  @ApiPropertyOptional({
    description:
      "An investigator's open case covering this delivery: precise personal data, each reveal recorded in the customer's access log",
    example: 'case-77',
  })
  @IsOptional()
  @Matches(LEDGER_ID, { message: 'caseId must be a case id' })
  caseId?: string;
}
