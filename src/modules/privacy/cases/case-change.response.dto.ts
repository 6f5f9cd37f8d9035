import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { RecordedEventSummaryDto } from '../../../http/api-responses.js';
import { CaseDto } from './case.response.dto.js';

/** A case after opening, approving or closing it, and what that stored. */
@ApiSchema({ name: 'CaseChange' })
export class CaseChangeDto {
  @ApiProperty({ type: CaseDto }) case: CaseDto;
  @ApiProperty({ description: 'False for a retry that changed nothing' }) changed: boolean;
  @ApiProperty({ type: [RecordedEventSummaryDto] }) events: RecordedEventSummaryDto[];
}
