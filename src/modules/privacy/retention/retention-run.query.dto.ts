import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

/** `dryRun=true`: report what a run now would shred, and change nothing. */
export class RetentionRunQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'true: change nothing (no event, no key, no photo) and report what a run now would shred',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}
