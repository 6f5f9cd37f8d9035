import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { DeliverySummaryDto } from './delivery-summary.response.dto.js';

/** GET /v1/deliveries: one page of the search, newest first. */
@ApiSchema({ name: 'DeliverySummaryPage' })
export class DeliverySummaryPageDto {
  @ApiProperty({ type: [DeliverySummaryDto] }) items: DeliverySummaryDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor: string | null;
}
