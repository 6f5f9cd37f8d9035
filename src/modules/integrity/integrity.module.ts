import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Checkpoints } from '../../integrity/checkpoints.js';
import type { LogSigner } from '../../integrity/log-signer.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import { CHECKPOINT_POLICY, type IntegrityDependencies, LOG_SIGNER } from './integrity.tokens.js';

/** The Merkle tree's checkpoints and proofs: what the API and the projector worker both need. */
@Global()
@Module({})
export class IntegrityModule {
  static forRoot(dependencies: IntegrityDependencies): DynamicModule {
    return {
      module: IntegrityModule,
      providers: [
        { provide: LOG_SIGNER, useValue: dependencies.log },
        { provide: CHECKPOINT_POLICY, useValue: dependencies.policy },
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
      exports: [Checkpoints, TreeProofs, CHECKPOINT_POLICY, LOG_SIGNER],
    };
  }
}
