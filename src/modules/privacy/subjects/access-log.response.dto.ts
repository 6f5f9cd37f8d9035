import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { ActorDto } from '../../delivery/queries/get-timeline/timeline.response.dto.js';

/** One reveal of a customer's precise personal data: who saw what, under which case, why. */
@ApiSchema({ name: 'AccessLogEntry' })
export class AccessLogEntryDto {
  @ApiProperty({ format: 'date-time' }) viewedAt: string;
  @ApiProperty({ type: ActorDto }) viewer: ActorDto;
  @ApiProperty({ type: String, nullable: true }) caseId: string | null;
  @ApiProperty({ example: 'case-investigation' }) purpose: string;
  @ApiProperty({ type: [String], description: 'The kinds of personal data shown' })
  fields: string[];
  @ApiProperty({ description: 'Whose data it was' }) subject: string;
  @ApiProperty({ type: String, nullable: true }) deliveryId: string | null;
  @ApiProperty({ description: 'Where PersonalDataViewed is in the ledger' }) globalPosition: number;
  @ApiProperty({ format: 'uuid' }) eventId: string;
  @ApiProperty() hash: string;
}

/** GET /v1/subjects/{customerId}/access-log: one page of it, oldest first. */
@ApiSchema({ name: 'AccessLog' })
export class AccessLogDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ type: [AccessLogEntryDto] }) entries: AccessLogEntryDto[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Pass as `fromRevision` for the next page; null on the last',
  })
  nextRevision: number | null;
}
