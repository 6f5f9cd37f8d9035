import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { CaseDto } from '../../privacy/cases/case.response.dto.js';
import { ProofBundleDto } from '../proof-bundle.response.dto.js';

/** GET /v1/cases/{id}/evidence (JSON): the case's deliveries as proof bundles, verifiable offline. */
@ApiSchema({ name: 'Evidence' })
export class EvidenceDto {
  @ApiProperty({ enum: ['keytrail-evidence/1'] }) format: string;
  @ApiProperty({ type: CaseDto }) case: CaseDto;
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty() exportedBy: string;
  @ApiProperty({ type: [String] }) verifierKeys: string[];
  @ApiProperty({ type: [ProofBundleDto] }) deliveries: ProofBundleDto[];
  @ApiProperty() howToVerify: string;
}
