import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { VENDORS } from '../../../../domain/delivery/delivery.vocabulary.js';
import { ANOMALY_CODES } from '../../../../story/anomalies/anomaly.js';
import { DELIVERY_PHASES } from '../get-timeline/timeline.response.dto.js';

const when = (description: string) =>
  ApiProperty({ type: String, format: 'date-time', nullable: true, description });

/** One delivery at a glance, as the search lists it. */
@ApiSchema({ name: 'DeliverySummary' })
export class DeliverySummaryDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ enum: DELIVERY_PHASES }) status: string;
  @ApiProperty({ enum: VENDORS }) vendor: string;
  @ApiProperty({ description: 'In clear for its customer, else a keyed-hash token' })
  customerId: string;
  @ApiProperty() vehicleId: string;
  @ApiProperty() orderId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The earlier attempt this re-delivers',
  })
  previousDeliveryId: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The courier at the car (last allowed unlock), else the last granted access',
  })
  courierId: string | null;
  @ApiProperty({ type: [String] }) courierIds: string[];
  @ApiProperty({ format: 'date-time' }) windowFrom: string;
  @ApiProperty({ format: 'date-time' }) windowTo: string;
  @when('When it was scheduled') scheduledAt: string | null;
  @when('First grant') grantedAt: string | null;
  @when('First successful unlock') unlockedAt: string | null;
  @when('First opening') firstOpenedAt: string | null;
  @when('Package dropped') droppedAt: string | null;
  @when('Last closing') lastClosedAt: string | null;
  @when('The car confirmed locked') lockConfirmedAt: string | null;
  @when('Completed') completedAt: string | null;
  @when('Failed') failedAt: string | null;
  @when('Cancelled') cancelledAt: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'How long the car stood unlocked over the stretches that ended; null while unlocked',
  })
  unlockedSeconds: number | null;
  @ApiProperty({ description: 'The courier may leave: the car confirmed the lock' })
  released: boolean;
  @ApiProperty({ enum: ANOMALY_CODES, isArray: true }) anomalies: string[];
}
