import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { CUSTODY_KINDS } from '../../../../story/vehicle-custody/custody-entry.js';
import { VIEWS } from '../../../delivery/queries/get-timeline/timeline.response.dto.js';
import { VehicleViewDto } from '../../../privacy/views/vehicle-view.response.dto.js';

@ApiSchema({ name: 'CustodyEntry' })
class CustodyEntryDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty() globalPosition: number;
  @ApiProperty({ format: 'date-time', description: "When it happened, by the ledger's clock" })
  at: string;
  @ApiProperty({ enum: CUSTODY_KINDS }) kind: string;
  @ApiProperty({ type: String, nullable: true }) grantId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The courier it is attributed to' })
  courierId: string | null;
  @ApiProperty({ enum: ['owner'], nullable: true }) attributedTo: 'owner' | null;
  @ApiProperty({ description: "The delivery timeline's line for it: no personal data" })
  line: string;
}

@ApiSchema({ name: 'CustodyHolder' })
class CustodyHolderDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty() grantId: string;
  @ApiProperty() courierId: string;
}

@ApiSchema({ name: 'CustodyInterval' })
class CustodyIntervalDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [CustodyHolderDto], description: 'None: a gap, the owner’s alone' })
  holders: CustodyHolderDto[];
}

@ApiSchema({ name: 'CustodyGap' })
class CustodyGapDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
}

@ApiSchema({ name: 'CustodyOverlap' })
class CustodyOverlapDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: [String] }) deliveryIds: string[];
}

/** GET /v1/vehicles/{id}/custody: one car across deliveries. */
@ApiSchema({ name: 'VehicleCustody' })
export class VehicleCustodyDto {
  @ApiProperty() vehicleId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ enum: VIEWS }) view: string;
  @ApiProperty({ type: VehicleViewDto, nullable: true }) vehicle: VehicleViewDto | null;
  @ApiProperty({ type: [CustodyEntryDto] }) entries: CustodyEntryDto[];
  @ApiProperty({ description: 'More entries lie in the range than one answer holds' })
  truncated: boolean;
  @ApiProperty({ type: [CustodyIntervalDto] }) intervals: CustodyIntervalDto[];
  @ApiProperty({ type: [CustodyGapDto] }) gaps: CustodyGapDto[];
  @ApiProperty({
    type: [CustodyOverlapDto],
    description: 'Grants of several deliveries live at once',
  })
  overlaps: CustodyOverlapDto[];
}
