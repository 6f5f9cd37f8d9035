import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Checkpoints } from '../../integrity/checkpoints.js';
import { Cosignatures } from '../../integrity/cosignatures.js';
import type { LogSigner } from '../../integrity/log-signer.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import {
  CHECKPOINT_POLICY,
  type IntegrityDependencies,
  LOG_SIGNER,
  WITNESSES,
} from './integrity.tokens.js';
import { WitnessingRunner } from './witnessing.runner.js';

/**
 * The Merkle tree's checkpoints, proofs and witnesses' cosignatures: what the API and the projector
 * worker both need. `sendToWitnesses`: this process issues checkpoints, so it sends them to the
 * witnesses too (the API with inline projections, or the projector worker).
 */
@Global()
@Module({})
export class IntegrityModule {
  static forRoot(
    dependencies: IntegrityDependencies,
    { sendToWitnesses }: { readonly sendToWitnesses: boolean },
  ): DynamicModule {
    return {
      module: IntegrityModule,
      providers: [
        { provide: LOG_SIGNER, useValue: dependencies.log },
        { provide: CHECKPOINT_POLICY, useValue: dependencies.policy },
        { provide: WITNESSES, useValue: dependencies.witnesses ?? null },
        {
          provide: Cosignatures,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new Cosignatures(dataSource),
        },
        ...(sendToWitnesses ? [WitnessingRunner] : []),
        {
          provide: Checkpoints,
          inject: [DataSource, LOG_SIGNER],
          useFactory: (dataSource: DataSource, log: LogSigner) => new Checkpoints(dataSource, log),
        },
        {
          provide: TreeProofs,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new TreeProofs(dataSource),
        },
      ],
      exports: [Checkpoints, TreeProofs, Cosignatures, CHECKPOINT_POLICY, LOG_SIGNER, WITNESSES],
    };
  }
}
