import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { VENDORS } from '../../domain/delivery/delivery.vocabulary.js';

@ApiSchema({ name: 'SourceKey' })
class SourceKeyDto {
  @ApiProperty({ enum: VENDORS }) carmaker: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ enum: ['ed25519', 'ecdsa-p256-sha256'] }) algorithm: string;
  @ApiProperty({ description: 'Base64 DER SubjectPublicKeyInfo' }) publicKey: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notBefore: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) notAfter: string | null;
}

/** GET /v1/checkpoints/keys: what a verifier or auditor needs to check the log and its sources. */
@ApiSchema({ name: 'LogKeys' })
export class LogKeysDto {
  @ApiProperty({ example: 'keytrail.example/ledger' }) origin: string;
  @ApiProperty({
    type: [String],
    description: 'C2SP verifier keys (name+keyid+key), current first',
  })
  verifierKeys: string[];
  @ApiProperty({ type: [String], description: "The witnesses' cosignature/v1 verifier keys" })
  witnesses: string[];
  @ApiProperty() witnessQuorum: number;
  @ApiProperty({ type: [SourceKeyDto] }) sourceKeys: SourceKeyDto[];
}
