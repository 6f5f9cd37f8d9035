import { Module } from '@nestjs/common';

import { IntegrityRoutesModule } from '../integrity-routes.module.js';
import { EvidenceHttpController } from './evidence.http.controller.js';
import { EvidenceService } from './evidence.service.js';

/** Evidence bundles for cases: JSON to verify, PDF to read. */
@Module({
  imports: [IntegrityRoutesModule],
  controllers: [EvidenceHttpController],
  providers: [EvidenceService],
})
export class EvidenceModule {}
