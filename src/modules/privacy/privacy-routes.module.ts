import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '../../config/clock.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PhotoVault } from '../../privacy/photo-vault.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { CasesHttpController } from './cases/cases.http.controller.js';
import { CasesService } from './cases/cases.service.js';
import { PRIVACY_SETTINGS, type PrivacySettings } from './privacy.module.js';
import { RetentionJob } from './retention/retention-job.js';
import { RetentionHttpController } from './retention/retention.http.controller.js';
import { RETENTION_JOB, RetentionScheduler } from './retention/retention-scheduler.js';
import { SubjectsHttpController } from './subjects/subjects.http.controller.js';
import { SubjectsService } from './subjects/subjects.service.js';

/** Cases (with their legal holds), the customer's rights (access log, erasure), and retention. */
@Module({
  imports: [CommandPipelineModule],
  controllers: [CasesHttpController, SubjectsHttpController, RetentionHttpController],
  providers: [
    CasesService,
    SubjectsService,
    {
      provide: RETENTION_JOB,
      inject: [CommandPipeline, DataSource, DataKeys, PhotoVault, CLOCK, PRIVACY_SETTINGS],
      useFactory: (
        pipeline: CommandPipeline,
        dataSource: DataSource,
        keys: DataKeys,
        photos: PhotoVault,
        clock: Clock,
        settings: PrivacySettings,
      ) => new RetentionJob(pipeline, dataSource, keys, photos, clock, settings.retentionDays),
    },
    RetentionScheduler,
  ],
  exports: [CasesService],
})
export class PrivacyRoutesModule {}
