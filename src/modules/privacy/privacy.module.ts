import { type DynamicModule, Global, Module } from '@nestjs/common';

import { LedgerDatabase } from '../../adapters/ledger-database.js';
import { PostgresDataKeyStore } from '../../adapters/postgres/postgres-data-key-store.js';
import { poolOf } from '../../adapters/postgres/ledger-data-source.js';
import type { BlobStore } from '../../privacy/blob-store.js';
import { DataKeys } from '../../privacy/data-keys.js';
import type { KeyEncryptionKeys } from '../../privacy/key-encryption.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { PhotoVault } from '../../privacy/photo-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import { CaseAccess } from './access/case-access.js';
import { RevealRecorder } from './access/reveal-recorder.js';
import { PersonalDataPresenter } from './views/personal-data-presenter.js';
import { VehicleViews } from './views/vehicle-view.js';

export interface PrivacyDependencies {
  readonly keyEncryptionKeys: KeyEncryptionKeys;
  readonly pseudonymSecret: Buffer;
  /** Where photos are kept (encrypted). */
  readonly blobs: BlobStore;
  /** How long an unwrapped data key stays in memory (default 30 s). */
  readonly dataKeyCacheTtlMs?: number;
  readonly photoMaxBytes: number;
  /** Days after a delivery closes before its personal data is shredded; 0 keeps it. */
  readonly retentionDays: number;
  readonly retentionIntervalMs: number;
}

export const PRIVACY_SETTINGS = Symbol('PRIVACY_SETTINGS');
export type PrivacySettings = Pick<
  PrivacyDependencies,
  'photoMaxBytes' | 'retentionDays' | 'retentionIntervalMs'
>;

/** The keys behind personal data, and the services that alone use them. */
@Global()
@Module({})
export class PrivacyModule {
  static forRoot(dependencies: PrivacyDependencies): DynamicModule {
    return {
      module: PrivacyModule,
      providers: [
        {
          provide: DataKeys,
          inject: [LedgerDatabase],
          useFactory: (database: LedgerDatabase) =>
            new DataKeys(
              new PostgresDataKeyStore(poolOf(database.dataSource)),
              dependencies.keyEncryptionKeys,
              { cacheTtlMs: dependencies.dataKeyCacheTtlMs ?? 30_000 },
            ),
        },
        {
          provide: PersonalDataVault,
          inject: [DataKeys],
          useFactory: (keys: DataKeys) => new PersonalDataVault(keys),
        },
        { provide: Pseudonyms, useValue: new Pseudonyms(dependencies.pseudonymSecret) },
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
            retentionDays: dependencies.retentionDays,
            retentionIntervalMs: dependencies.retentionIntervalMs,
          } satisfies PrivacySettings,
        },
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
      ],
    };
  }
}
