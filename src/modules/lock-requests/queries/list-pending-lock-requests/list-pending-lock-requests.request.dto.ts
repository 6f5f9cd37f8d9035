import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { VENDORS } from '../../../../domain/delivery/delivery.vocabulary.js';
import { PageRequestDto } from '../../../../http/page-request.dto.js';

export class ListPendingLockRequestsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({
    enum: VENDORS,
    description: 'The carmaker; a connector is answered for its own only (default: its own)',
  })
  @IsOptional()
  @IsIn(VENDORS)
  vendor?: (typeof VENDORS)[number];
}
