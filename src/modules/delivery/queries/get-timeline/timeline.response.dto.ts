import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

import { CLOSURES, VENDORS } from '../../../../domain/delivery/delivery.vocabulary.js';
import { ROLES } from '../../../../domain/shared/actor.js';
import { VehicleViewDto } from '../../../privacy/views/vehicle-view.response.dto.js';

export const DELIVERY_PHASES = ['unscheduled', 'open', 'completed', 'failed', 'cancelled'];
export const VIEWS = ['owner', 'pseudonymised', 'case', 'compliance'];

@ApiSchema({ name: 'Actor' })
export class ActorDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiPropertyOptional({ enum: VENDORS, description: 'The carmaker a connector speaks for' })
  vendor?: string;
}

@ApiSchema({ name: 'DeliveryStateAfter' })
export class DeliveryStateAfterDto {
  @ApiProperty({ enum: DELIVERY_PHASES }) phase: string;
  @ApiProperty() grantActive: boolean;
  @ApiProperty({ enum: ['locked', 'unlocked', 'unknown'] }) vehicle: string;
  @ApiProperty({ enum: CLOSURES, isArray: true }) openClosures: string[];
  @ApiProperty() courierReleased: boolean;
}

/** One event of a delivery as its timeline shows it. */
@ApiSchema({ name: 'TimelineEntry' })
export class TimelineEntryDto {
  @ApiProperty() globalPosition: number;
  @ApiProperty() streamRevision: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty({ example: 'UnlockRequested' }) type: string;
  @ApiProperty() schemaVersion: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: ActorDto }) actor: ActorDto;
  @ApiProperty({ example: 'api' }) source: string;
  @ApiProperty() correlationId: string;
  @ApiProperty() causationId: string;
  @ApiProperty({ description: 'Hex SHA-256 of the hash chain at this event' }) hash: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, personal fields as the view allows",
  })
  data: Record<string, unknown>;
  @ApiProperty({ description: 'What happened, in plain words, without personal data' })
  line: string;
  @ApiProperty({ type: DeliveryStateAfterDto }) stateAfter: DeliveryStateAfterDto;
  @ApiProperty({ type: [String], description: 'Anomaly codes this event raised' })
  anomalies: string[];
  @ApiProperty({
    format: 'date-time',
    description: "When it happened by the ledger's clock: where the timeline places it",
  })
  at: string;
  @ApiProperty({ description: 'Recorded after an entry placed later than it: it arrived late' })
  late: boolean;
}

@ApiSchema({ name: 'DeliveryLinks' })
export class DeliveryLinksDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The earlier attempt this re-delivers',
  })
  previousDeliveryId: string | null;
  @ApiProperty({ type: [String], description: 'Re-deliveries of this one the reader may reach' })
  redeliveryIds: string[];
}

@ApiSchema({ name: 'TimelineAsOf' })
class TimelineAsOfDto {
  @ApiPropertyOptional() position?: number;
  @ApiPropertyOptional({ format: 'date-time' }) recordedAt?: string;
}

/** GET /v1/deliveries/{id}/timeline. */
@ApiSchema({ name: 'Timeline' })
export class TimelineResponseDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ enum: DELIVERY_PHASES }) phase: string;
  @ApiProperty() released: boolean;
  @ApiProperty({
    type: TimelineAsOfDto,
    nullable: true,
    description: 'The point in the ledger shown, when asked for one in the past',
  })
  asOf: TimelineAsOfDto | null;
  @ApiProperty({ enum: ['read-model', 'ledger'] }) computedFrom: string;
  @ApiProperty({ enum: VIEWS }) view: string;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty() personalDataRedacted: boolean;
  @ApiProperty({ type: VehicleViewDto, nullable: true }) vehicle: VehicleViewDto | null;
  @ApiProperty({ type: DeliveryLinksDto }) links: DeliveryLinksDto;
  @ApiProperty({ type: [TimelineEntryDto] }) entries: TimelineEntryDto[];
}
