import { ApiProperty } from '@nestjs/swagger';
import { CLOSURES, type Closure } from '../../../../domain/delivery/delivery.vocabulary.js';
import { IsIn } from 'class-validator';
import { IsInstant } from '../../dto/validation.js';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class RecordClosureRequestDto extends CommandRequestDto {
  @ApiProperty({ enum: CLOSURES })
  @IsIn(CLOSURES)
  closure: Closure;

  @ApiProperty({ enum: ['opened', 'closed'] })
  @IsIn(['opened', 'closed'])
  state: 'opened' | 'closed';

  @IsInstant('2026-11-25T14:02:11.000Z', { description: 'When the car saw it, by its clock' })
  vehicleTimestamp: string;
}
