import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { RecordedEventSummaryDto } from '../../http/api-responses.js';

/** What linking or unlinking a car stored. */
@ApiSchema({ name: 'VehicleChange' })
export class VehicleChangeDto {
  @ApiProperty() vehicleId: string;
  @ApiProperty({ description: 'False for a retry, or a link as it stood' }) changed: boolean;
  @ApiProperty({ type: [RecordedEventSummaryDto] }) events: RecordedEventSummaryDto[];
}
