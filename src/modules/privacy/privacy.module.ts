import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '../../config/clock.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { PhotoVault } from '../../privacy/photo-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { CaseAccess } from './access/case-access.js';
import { RevealRecorder } from './access/reveal-recorder.js';
import { CasesHttpController } from './cases/cases.http.controller.js';
import { CasesService } from './cases/cases.service.js';
import { CourierErasureHttpController } from './couriers/courier-erasure.http.controller.js';
import { CourierErasureService } from './couriers/courier-erasure.service.js';
import { CaseList } from './cases/case-list.js';
import { personalDataKeyProviders } from './personal-data-keys.providers.js';
import { DEFAULT_CASE_POLICY } from '../../domain/case/case-policy.js';
import {
  CASE_POLICY,
  PRIVACY_SETTINGS,
  type PrivacyDependencies,
  type PrivacySettings,
} from './privacy.tokens.js';
import { RetentionJob } from './retention/retention-job.js';
import { RetentionHttpController } from './retention/retention.http.controller.js';
import { RETENTION_JOB, RetentionScheduler } from './retention/retention-scheduler.js';
import { SubjectsHttpController } from './subjects/subjects.http.controller.js';
import { SubjectsService } from './subjects/subjects.service.js';
import { PersonalDataPresenter } from './views/personal-data-presenter.js';
import { VehicleViews } from './views/vehicle-view.js';

const PRIVACY_CONTROLLERS = [
  CasesHttpController,
  SubjectsHttpController,
  RetentionHttpController,
  CourierErasureHttpController,
];

const retentionJobProvider = {
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
};

/**
 * Privacy's one Nest module: the keys behind personal data and the services that alone use them,
 * the lenses, cases (with their legal holds), the customer's rights (access log, erasure), retention.
 */
@Global()
@Module({})
export class PrivacyModule {
  static forRoot(dependencies: PrivacyDependencies): DynamicModule {
    return {
      module: PrivacyModule,
      imports: [CommandPipelineModule],
      controllers: PRIVACY_CONTROLLERS,
      providers: [
        ...personalDataKeyProviders(dependencies),
        { provide: PhotoVault, useValue: new PhotoVault(dependencies.blobs) },
        {
          provide: PersonalDataPresenter,
          inject: [Pseudonyms],
          useFactory: (pseudonyms: Pseudonyms) => new PersonalDataPresenter(pseudonyms),
        },
        CaseAccess,
        RevealRecorder,
        VehicleViews,
        {
          provide: PRIVACY_SETTINGS,
          useValue: {
            photoMaxBytes: dependencies.photoMaxBytes,
            photosPerDelivery: dependencies.photosPerDelivery,
            retentionDays: dependencies.retentionDays,
            retentionIntervalMs: dependencies.retentionIntervalMs,
          } satisfies PrivacySettings,
        },
        { provide: CASE_POLICY, useValue: dependencies.casePolicy ?? DEFAULT_CASE_POLICY },
        CasesService,
        CaseList,
        SubjectsService,
        CourierErasureService,
        retentionJobProvider,
        RetentionScheduler,
      ],
      exports: [
        DataKeys,
        PersonalDataVault,
        Pseudonyms,
        PhotoVault,
        PersonalDataPresenter,
        CaseAccess,
        RevealRecorder,
        VehicleViews,
        PRIVACY_SETTINGS,
        CasesService,
        SubjectsService,
      ],
    };
  }
}
