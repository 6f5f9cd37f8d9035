import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { PendingLockRequestDto } from './pending-lock-request.response.dto.js';

/** GET /v1/lock-requests/pending: one page, oldest first. */
@ApiSchema({ name: 'PendingLockRequestPage' })
export class PendingLockRequestPageDto {
  @ApiProperty({ type: [PendingLockRequestDto] }) items: PendingLockRequestDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
