import type { LedgerSchema } from './adapters/postgres/ledger-data-source.js';
import { CreateEventLog1764000000000 } from './adapters/postgres/migrations/1764000000000-create-event-log.js';
import { CreateDataKeys1764200000000 } from './adapters/postgres/migrations/1764200000000-create-data-keys.js';
import { CreateCheckpoints1764500000000 } from './adapters/postgres/migrations/1764500000000-create-checkpoints.js';
import { CreateCheckpointCosignatures1764700000000 } from './adapters/postgres/migrations/1764700000000-create-checkpoint-cosignatures.js';
import { DataKeySubjects1765020000000 } from './adapters/postgres/migrations/1765020000000-data-key-subjects.js';
import { LengthPrefixedKeyScopes1764830000000 } from './adapters/postgres/migrations/1764830000000-length-prefixed-key-scopes.js';
import { WidenUnlockedSeconds1764610000000 } from '../projections/delivery-summary/unlocked-seconds.migration.js';
import { DeliveryContent1764820000000 } from '../projections/delivery-summary/delivery-content.migration.js';
import { CreateMerkleTree1764400000000 } from '../projections/merkle/merkle-tree.migration.js';
import { READ_MODEL_ENTITIES } from '../projections/read-model-entities.js';
import { CreateAccessTallies1764300000000 } from '../projections/anomalies/access-tallies.migration.js';
import { CreateReadModels1764100000000 } from '../projections/read-model.migration.js';
import { CreatePendingLockRequests1764810000000 } from '../projections/lock-requests/pending-lock-requests.migration.js';
import { TimelinePlacedAt1764900000000 } from '../projections/delivery-timeline/placed-at.migration.js';
import { CreateAnomalyVehicles1764920000000 } from '../projections/anomalies/anomaly-vehicles.migration.js';
import { CreateVehicleCustody1764910000000 } from '../projections/vehicle-custody/vehicle-custody.migration.js';
import { CreateCaseSummaries1765000000000 } from '../projections/cases/case-summaries.migration.js';

/**
 * The database the application shell opens: the ledger's own tables and the read models'. Composed
 * here so that the adapters never import a projection. TypeORM records which migrations ran in
 * `keytrail_migrations`.
 */
export const LEDGER_SCHEMA: LedgerSchema = {
  migrations: [
    CreateEventLog1764000000000,
    CreateReadModels1764100000000,
    CreateDataKeys1764200000000,
    CreateAccessTallies1764300000000,
    CreateMerkleTree1764400000000,
    CreateCheckpoints1764500000000,
    WidenUnlockedSeconds1764610000000,
    CreateCheckpointCosignatures1764700000000,
    CreatePendingLockRequests1764810000000,
    DeliveryContent1764820000000,
    LengthPrefixedKeyScopes1764830000000,
    TimelinePlacedAt1764900000000,
    CreateVehicleCustody1764910000000,
    CreateAnomalyVehicles1764920000000,
    CreateCaseSummaries1765000000000,
    DataKeySubjects1765020000000,
  ],
  entities: READ_MODEL_ENTITIES,
};
