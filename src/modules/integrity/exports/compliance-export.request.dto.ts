import { IsInstant } from '../../delivery/dto/validation.js';

export class ComplianceExportQueryDto {
  @IsInstant('2026-11-01T00:00:00Z', { description: 'From this moment (recordedAt), inclusive' })
  from: string;

  @IsInstant('2026-12-01T00:00:00Z', { description: 'Up to this moment, exclusive' })
  to: string;
}
