import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { CommandResponseDto } from '../../http/api-responses.js';

const LOCK_VERDICTS = [
  'confirmed',
  'no_lock_request',
  'already_confirmed',
  'status_before_lock_command',
  'not_locked',
  'closure_open',
  'closure_unknown',
  'timestamp_in_future',
  'status_stale',
  'contradictory_payload',
];

/** What a carmaker webhook is answered: what was recorded, and whether the car is confirmed locked. */
@ApiSchema({ name: 'CarmakerReportResult' })
export class CarmakerReportResponseDto extends CommandResponseDto {
  @ApiProperty({ description: 'Whether this report confirmed the car locked (courier released)' })
  lockConfirmed: boolean;
  @ApiProperty({
    enum: LOCK_VERDICTS,
    nullable: true,
    description: 'For a status read: whether it confirmed the lock and, if not, why not',
  })
  lockVerdict: string | null;
}
