import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '../../config/clock.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PhotoVault } from '../../privacy/photo-vault.js';
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
  controllers: [CasesHttpController, SubjectsHttpController, RetentionHttpController],
  providers: [
    CasesService,
    SubjectsService,
    {
      provide: RETENTION_JOB,
      inject: [EVENT_STORE, DataSource, DataKeys, PhotoVault, CLOCK, PRIVACY_SETTINGS],
      useFactory: (
        store: EventStore,
        dataSource: DataSource,
        keys: DataKeys,
        photos: PhotoVault,
        clock: Clock,
        settings: PrivacySettings,
      ) => new RetentionJob(store, dataSource, keys, photos, clock, settings.retentionDays),
    },
    RetentionScheduler,
  ],
  exports: [CasesService],
})
export class PrivacyRoutesModule {}
