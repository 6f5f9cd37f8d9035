import type { Provider } from '@nestjs/common';

import { LedgerDatabase } from '../../adapters/ledger-database.js';
import { poolOf } from '../../adapters/postgres/ledger-data-source.js';
import { PostgresDataKeyStore } from '../../adapters/postgres/postgres-data-key-store.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import type { PrivacyDependencies } from './privacy.tokens.js';

/**
 * What every command needs to seal and open personal fields: the data keys, the vault, the pseudonyms.
 * The privacy module holds them; the projector worker, which has no routes, takes just these.
 */
export const personalDataKeyProviders = (dependencies: PrivacyDependencies): Provider[] => [
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
];
