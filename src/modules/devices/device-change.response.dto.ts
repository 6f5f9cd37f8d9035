import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { RecordedEventSummaryDto } from '../../http/api-responses.js';

/** What registering or revoking a courier device stored. */
@ApiSchema({ name: 'DeviceChange' })
export class DeviceChangeDto {
  @ApiProperty() deviceId: string;
  @ApiProperty({ description: 'False for a retry that changed nothing' }) changed: boolean;
  @ApiProperty({ type: [RecordedEventSummaryDto] }) events: RecordedEventSummaryDto[];
}
