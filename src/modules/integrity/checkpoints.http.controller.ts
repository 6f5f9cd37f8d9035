import { Controller, Get, Headers, Inject, Optional, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { ROLES } from '../../domain/shared/actor.js';
import { HttpProblem } from '../../http/error-body.js';
import type { SourceKeysConfig, WitnessesConfig } from '../../config/keytrail-config.js';
import { Checkpoints, type StoredCheckpoint } from '../../integrity/checkpoints.js';
import {
  cosignedNote,
  Cosignatures,
  type StoredCosignature,
} from '../../integrity/cosignatures.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import { toHex } from '../../verifier/bytes.js';
import { sourceKeySpki } from '../../verifier/source-key.js';
import { Public, Roles } from '../auth/roles.decorator.js';
import { SOURCE_KEYS } from '../oem/source-signature.guard.js';
import { WITNESSES } from './integrity.tokens.js';
import { ConsistencyQueryDto } from './checkpoints.request.dto.js';
import { ApiPublicErrors, ApiTokenErrors } from '../../http/api-responses.js';
import { CheckpointDto } from './checkpoint.response.dto.js';
import { ConsistencyProofDto } from './consistency-proof.response.dto.js';
import { LogKeysDto } from './log-keys.response.dto.js';

/** `note` stays the log-signed note; `cosignedNote` is the same with the witnesses' lines appended. */
const view = (checkpoint: StoredCheckpoint, cosignatures: readonly StoredCosignature[]) => ({
  treeSize: checkpoint.treeSize,
  rootHash: toHex(checkpoint.rootHash),
  keyId: checkpoint.keyId,
  issuedAt: checkpoint.issuedAt,
  note: checkpoint.note,
  cosignedNote: cosignedNote(checkpoint.note, cosignatures),
  cosignatures: cosignatures.map((c) => ({
    witness: c.witness,
    cosignedAt: new Date(c.timestamp * 1000).toISOString(),
  })),
});

/** A carmaker connector's public key as the ledger checks webhooks with it (KEYTRAIL_SOURCE_KEYS). */
interface PublishedSourceKey {
  readonly carmaker: string;
  readonly keyId: string;
  readonly algorithm: string;
  /** The base64 of its DER SubjectPublicKeyInfo. */
  readonly publicKey: string;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

@ApiTags('integrity')
@Controller('v1/checkpoints')
export class CheckpointsHttpController {
  constructor(
    private readonly checkpoints: Checkpoints,
    private readonly proofs: TreeProofs,
    private readonly cosignatures: Cosignatures,
    @Inject(WITNESSES) private readonly witnesses: WitnessesConfig | null,
    @Optional() @Inject(SOURCE_KEYS) private readonly sourceKeys: SourceKeysConfig | null = null,
  ) {}

  private async cosignedView(checkpoint: StoredCheckpoint) {
    return view(checkpoint, await this.cosignatures.of(checkpoint.treeSize));
  }

  @Get('keys')
  @Public()
  @ApiOperation({
    summary:
      "The log's origin and verifier keys (C2SP: name+keyid+key), current first: publish them; the witnesses it sends checkpoints to (their cosignature/v1 vkeys) and the quorum it asks of them; the carmakers' connector keys it checks source signatures with (KEYTRAIL_SOURCE_KEYS: base64 SPKI, validity)",
  })
  @ApiOkResponse({ type: LogKeysDto })
  @ApiPublicErrors()
  keys(): {
    origin: string;
    verifierKeys: readonly string[];
    witnesses: readonly string[];
    witnessQuorum: number;
    sourceKeys: readonly PublishedSourceKey[];
  } {
    return {
      origin: this.checkpoints.origin,
      verifierKeys: this.checkpoints.verifierKeys,
      witnesses: this.witnesses?.witnesses.map((w) => w.verifierKey) ?? [],
      witnessQuorum: this.witnesses?.quorum ?? 0,
      sourceKeys: (this.sourceKeys?.keys ?? []).map((key) => ({
        carmaker: key.carmaker,
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKey: sourceKeySpki(key),
        notBefore: key.notBefore,
        notAfter: key.notAfter,
      })),
    };
  }

  @Get('latest')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'The latest signed checkpoint (C2SP tlog-checkpoint, signed note) with the witnesses who cosigned it; with Accept: text/plain, the note itself with their cosignature lines',
  })
  @ApiExtraModels(CheckpointDto)
  @ApiResponse({
    status: 200,
    description: 'The checkpoint (JSON), or its cosigned note (Accept: text/plain)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CheckpointDto) } },
      'text/plain': { schema: { type: 'string' } },
    },
  })
  @ApiTokenErrors({ 404: 'CHECKPOINT.NONE_YET: no checkpoint has been signed yet' })
  async latest(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ) {
    const latest = await this.checkpoints.latest();
    if (!latest)
      throw new HttpProblem(404, 'CHECKPOINT.NONE_YET', 'No checkpoint has been signed yet');
    const answer = await this.cosignedView(latest);
    // The note's own text form, as log clients and witnesses read it; JSON stays the default.
    if (accept && /^text\/plain\b/.test(accept.trim())) {
      response.type('text/plain; charset=utf-8');
      return answer.cosignedNote;
    }
    return answer;
  }

  @Get('consistency')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @ApiOperation({
    summary:
      'An RFC 9162 consistency proof between two tree sizes (each at most the latest checkpoint)',
  })
  @ApiOkResponse({ type: ConsistencyProofDto })
  @ApiTokenErrors({
    400: 'from is larger than to',
    404: 'CHECKPOINT.BEYOND_LATEST: no signed checkpoint covers `to` yet (details.latest)',
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
      fromCheckpoint: from ? await this.cosignedView(from) : null,
      toCheckpoint: to ? await this.cosignedView(to) : null,
    };
  }
}
