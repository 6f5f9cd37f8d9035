import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { ActorDto, VIEWS } from '../../delivery/queries/get-timeline/timeline.response.dto.js';
import { AccessLogEntryDto } from '../../privacy/subjects/access-log.response.dto.js';

const record = (description: string) =>
  ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description,
  });

/**
 * GET /v1/subjects/{customerId}/export: everything about one customer as one JSON file, streamed;
 * it ends with `"complete": true` (a file cut short lacks it). Verify it with `keytrail verify`.
 */
@ApiSchema({ name: 'SubjectExport' })
export class SubjectExportDto {
  @ApiProperty({ example: 'keytrail-subject-export/1' }) format: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ActorDto }) exportedBy: ActorDto;
  @ApiProperty({ enum: VIEWS }) view: string;
  @ApiProperty({ type: [String], description: 'What the file holds and in which view' })
  about: string[];
  @ApiProperty({ type: [String] }) verifierKeys: string[];
  @ApiProperty({ description: 'How to check the file offline' }) howToVerify: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The subject as the ledger knows it (erased, holds)',
  })
  subject: Record<string, unknown>;
  @record('The cars linked to the customer, as the view allows')
  vehicles: Record<string, unknown>[];
  @record('The cases that covered their deliveries')
  cases: Record<string, unknown>[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Each delivery as its proof bundle (see ProofBundle) with the timeline as shown',
  })
  deliveries: Record<string, unknown>[];
  @ApiProperty({ type: [AccessLogEntryDto] }) accessLog: AccessLogEntryDto[];
  @ApiProperty({ enum: [true] }) complete: true;
}
