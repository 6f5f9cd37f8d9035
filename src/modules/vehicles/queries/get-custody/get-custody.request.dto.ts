import { IsInstant } from '../../../delivery/dto/validation.js';

export class GetCustodyRequestDto {
  @IsInstant('2026-11-25T00:00:00.000Z', { description: 'From this moment (inclusive)' })
  from: string;

  @IsInstant('2026-11-26T00:00:00.000Z', {
    description: 'Until this moment (exclusive); at most 31 days after from',
  })
  to: string;
}
