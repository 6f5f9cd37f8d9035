import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Cosignature' })
class CosignatureDto {
  @ApiProperty({ description: "The witness's name (its cosignature/v1 key name)" })
  witness: string;
  @ApiProperty({ format: 'date-time' }) cosignedAt: string;
}

/** A signed checkpoint of the log (C2SP tlog-checkpoint) and the witnesses who cosigned it. */
@ApiSchema({ name: 'Checkpoint' })
export class CheckpointDto {
  @ApiProperty() treeSize: number;
  @ApiProperty({ description: 'Hex RFC 9162 root hash' }) rootHash: string;
  @ApiProperty() keyId: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
  @ApiProperty({ description: 'The signed note, as the log signed it' }) note: string;
  @ApiProperty({ description: "The note with the witnesses' cosignature lines appended" })
  cosignedNote: string;
  @ApiProperty({ type: [CosignatureDto] }) cosignatures: CosignatureDto[];
}
