import { IsInstant } from './validation.js';

export class TimeWindowDto {
  @IsInstant('2026-11-25T13:00:00.000Z')
  from: string;

  @IsInstant('2026-11-25T17:00:00.000Z')
  to: string;
}
