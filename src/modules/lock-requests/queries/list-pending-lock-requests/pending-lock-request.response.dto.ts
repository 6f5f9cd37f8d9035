import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { VENDORS } from '../../../../domain/delivery/delivery.vocabulary.js';

/** A lock asked for that no connector has carried out yet. */
@ApiSchema({ name: 'PendingLockRequest' })
export class PendingLockRequestDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ description: 'The id the connector reports its result under' }) commandId: string;
  @ApiProperty({ enum: VENDORS }) vendor: string;
  @ApiProperty() vehicleId: string;
  @ApiProperty({
    description:
      '`system`: the ledger, for a car left unlocked; `customer`: the customer stopping it',
  })
  requestedBy: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
}
