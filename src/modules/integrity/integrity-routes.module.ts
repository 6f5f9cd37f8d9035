import { Module } from '@nestjs/common';

import { CheckpointsHttpController } from './checkpoints.http.controller.js';
import { ComplianceExports } from './exports/compliance-export.js';
import { ComplianceExportHttpController } from './exports/compliance-export.http.controller.js';
import { ProofHttpController } from './proof.http.controller.js';
import { ProofBundles } from './proof-bundles.js';

/** The routes that serve checkpoints, proofs and compliance exports (the API process only). */
@Module({
  controllers: [CheckpointsHttpController, ProofHttpController, ComplianceExportHttpController],
  providers: [ProofBundles, ComplianceExports],
  exports: [ProofBundles],
})
export class IntegrityRoutesModule {}
