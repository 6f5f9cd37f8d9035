import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  REVOCATION_REASONS,
  type RevocationReason,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class RevokeAccessRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: REVOCATION_REASONS })
  @IsIn(REVOCATION_REASONS)
  reason: RevocationReason;
}
