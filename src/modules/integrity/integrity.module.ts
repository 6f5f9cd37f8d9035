import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { Checkpoints } from '../../integrity/checkpoints.js';
import type { LogSigner } from '../../integrity/log-signer.js';
import { TreeProofs } from '../../integrity/tree-proofs.js';
import { CheckpointsHttpController } from './checkpoints.http.controller.js';
import { CHECKPOINT_POLICY, type IntegrityDependencies, LOG_SIGNER } from './integrity.tokens.js';
import { ProofHttpController } from './proof.http.controller.js';
import { ProofBundles } from './proof-bundles.js';
import { ComplianceExports } from './exports/compliance-export.js';
import { ComplianceExportHttpController } from './exports/compliance-export.http.controller.js';

/** The Merkle tree's checkpoints and proofs. */
@Global()
@Module({})
export class IntegrityModule {
  static forRoot(dependencies: IntegrityDependencies): DynamicModule {
    return {
      module: IntegrityModule,
      controllers: [CheckpointsHttpController, ProofHttpController, ComplianceExportHttpController],
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
        ProofBundles,
        ComplianceExports,
      ],
      exports: [Checkpoints, TreeProofs, ProofBundles, CHECKPOINT_POLICY, LOG_SIGNER],
    };
  }
}
