import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { ActorDto } from '../../delivery/queries/get-timeline/timeline.response.dto.js';

/** The first line of a compliance export: what it covers and the keys to check it with. */
@ApiSchema({ name: 'ComplianceExportHeader' })
export class ComplianceExportHeaderDto {
  @ApiProperty({ enum: ['export'] }) type: 'export';
  @ApiProperty() exportId: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty() origin: string;
  @ApiProperty({ type: [String] }) verifierKeys: string[];
}

/** One event line, in the compliance view (geohash 5, this export's keyed-hash tokens). */
@ApiSchema({ name: 'ComplianceExportEvent' })
export class ComplianceExportEventDto {
  @ApiProperty({ enum: ['event'] }) type: 'event';
  @ApiProperty({ type: Number, nullable: true }) leafIndex: number | null;
  @ApiProperty() globalPosition: number;
  @ApiProperty() streamId: string;
  @ApiProperty() streamRevision: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty() schemaVersion: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ type: ActorDto }) actor: ActorDto;
  @ApiProperty() source: string;
  @ApiProperty() hash: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
}

/** The last line: count, SHA-256 of every byte before it, the covering checkpoint, signed. */
@ApiSchema({ name: 'ComplianceExportManifest' })
export class ComplianceExportManifestDto {
  @ApiProperty({ enum: ['manifest'] }) type: 'manifest';
  @ApiProperty() exportId: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Event lines in the export' }) count: number;
  @ApiProperty({ description: 'Hex SHA-256 of every byte of the export before this line' })
  sha256: string;
  @ApiProperty({ description: 'A signed checkpoint whose tree covers every exported event' })
  checkpoint: string;
  @ApiProperty({ description: "A signed note of the manifest, by the log's key" })
  signature: string;
}
