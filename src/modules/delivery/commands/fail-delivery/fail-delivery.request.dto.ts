import { ApiProperty } from '@nestjs/swagger';
import {
  FAILURE_FALLBACKS,
  type FailureFallback,
} from '../../../../domain/delivery/delivery.vocabulary.js';
import { IsIn, IsString, Length } from 'class-validator';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class FailDeliveryRequestDto extends CommandRequestDto {
  @ApiProperty({ example: 'Car not at the declared location' })
  @IsString()
  @Length(1, 500)
  reason: string;

  @ApiProperty({ enum: FAILURE_FALLBACKS })
  @IsIn(FAILURE_FALLBACKS)
  fallback: FailureFallback;
}
