import { ApiProperty, ApiSchema } from '@nestjs/swagger';

import { CheckpointDto } from './checkpoint.response.dto.js';

/** GET /v1/checkpoints/consistency: an RFC 9162 consistency proof between two tree sizes. */
@ApiSchema({ name: 'ConsistencyProof' })
export class ConsistencyProofDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [String], description: 'Base64 hashes' }) proof: string[];
  @ApiProperty({
    type: CheckpointDto,
    nullable: true,
    description: 'The checkpoint signed at `from`, if one was',
  })
  fromCheckpoint: CheckpointDto | null;
  @ApiProperty({ type: CheckpointDto, nullable: true }) toCheckpoint: CheckpointDto | null;
}
