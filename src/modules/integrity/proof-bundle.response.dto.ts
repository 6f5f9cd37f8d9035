import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import {
  DeliveryStateAfterDto,
  VIEWS,
} from '../delivery/queries/get-timeline/timeline.response.dto.js';

@ApiSchema({ name: 'ProofBundleEvent' })
class ProofBundleEventDto {
  @ApiProperty() globalPosition: number;
  @ApiProperty() streamRevision: number;
  @ApiProperty({ description: "Hex SHA-256 of the previous event's hash and this event's bytes" })
  hash: string;
  @ApiProperty({
    description: 'The RFC 8785 bytes that were hashed (personal fields as ciphertext)',
  })
  canonical: string;
  @ApiProperty() leafIndex: number;
  @ApiProperty({ type: [String], description: 'Base64 RFC 9162 inclusion path to the checkpoint' })
  inclusionProof: string[];
}

@ApiSchema({ name: 'ProofBundleTimelineEntry' })
class ProofBundleTimelineEntryDto {
  @ApiProperty() globalPosition: number;
  @ApiProperty() streamRevision: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty() hash: string;
  @ApiProperty() line: string;
  @ApiProperty({ type: DeliveryStateAfterDto }) stateAfter: DeliveryStateAfterDto;
  @ApiProperty({ type: [String] }) anomalies: string[];
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

/** GET /v1/deliveries/{id}/proof: checkable offline with `npx keytrail verify`. */
@ApiSchema({ name: 'ProofBundle' })
export class ProofBundleDto {
  @ApiProperty({ enum: ['keytrail-proof/1'] }) format: string;
  @ApiProperty() deliveryId: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ enum: VIEWS }) view: string;
  @ApiProperty({
    description: 'The signed checkpoint (C2SP signed note, with cosignatures) the proofs lead to',
  })
  checkpoint: string;
  @ApiProperty({ type: [String] }) verifierKeys: string[];
  @ApiProperty({ type: [ProofBundleEventDto] }) events: ProofBundleEventDto[];
  @ApiProperty({ type: [ProofBundleTimelineEntryDto] }) timeline: ProofBundleTimelineEntryDto[];
}
