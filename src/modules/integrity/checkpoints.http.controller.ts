import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

import { HttpProblem } from '../../http/error-body.js';
import { Checkpoints, type StoredCheckpoint } from '../../integrity/checkpoints.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import { toHex } from '../../verifier/bytes.js';
import { Public, Roles } from '../auth/roles.decorator.js';

class ConsistencyQueryDto {
  @ApiProperty({ description: 'The older tree size', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from: number;

  @ApiProperty({ description: 'The newer tree size', minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to: number;
}

const view = (checkpoint: StoredCheckpoint) => ({
  treeSize: checkpoint.treeSize,
  rootHash: toHex(checkpoint.rootHash),
  keyId: checkpoint.keyId,
  issuedAt: checkpoint.issuedAt,
  note: checkpoint.note,
});

const ALL_ROLES = [
  'delivery-service',
  'oem-connector',
  'investigator',
  'customer',
  'compliance',
  'admin',
] as const;

@ApiTags('integrity')
@Controller('v1/checkpoints')
export class CheckpointsHttpController {
  constructor(
    @Inject(Checkpoints) private readonly checkpoints: Checkpoints,
    @Inject(TreeProofs) private readonly proofs: TreeProofs,
  ) {}

  @Get('keys')
  @Public()
  @ApiOperation({
    summary:
      "The log's origin and verifier keys (C2SP: name+keyid+key), current first: publish them",
  })
  keys(): { origin: string; verifierKeys: readonly string[] } {
    return { origin: this.checkpoints.origin, verifierKeys: this.checkpoints.verifierKeys };
  }

  @Get('latest')
  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The latest signed checkpoint (C2SP tlog-checkpoint, signed note)' })
  async latest() {
    const latest = await this.checkpoints.latest();
    if (!latest)
      throw new HttpProblem(404, 'CHECKPOINT.NONE_YET', 'No checkpoint has been signed yet');
    return view(latest);
  }

  @Get('consistency')
  @ApiBearerAuth()
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary:
      'An RFC 9162 consistency proof between two tree sizes (each at most the latest checkpoint)',
  })
  async consistency(@Query() query: ConsistencyQueryDto) {
    const latest = await this.checkpoints.latest();
    if (query.from > query.to)
      throw new HttpProblem(400, 'REQUEST.INVALID', 'from must not be larger than to');
    if (!latest || query.to > latest.treeSize) {
      throw new HttpProblem(
        404,
        'CHECKPOINT.BEYOND_LATEST',
        `No signed checkpoint covers a tree of ${query.to} yet`,
        {
          latest: latest?.treeSize ?? 0,
        },
      );
    }
    const [from, to] = await Promise.all([
      this.checkpoints.bySize(query.from),
      this.checkpoints.bySize(query.to),
    ]);
    const proof = await this.proofs.consistencyProof(query.from, query.to);
    return {
      from: query.from,
      to: query.to,
      proof: proof.map((hash) => hash.toString('base64')),
      fromCheckpoint: from ? view(from) : null,
      toCheckpoint: to ? view(to) : null,
    };
  }
}
