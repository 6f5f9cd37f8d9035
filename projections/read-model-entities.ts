import { AnomalyEntity } from './anomalies/anomaly.entity.js';
import { DeliverySummaryEntity } from './delivery-summary/delivery-summary.entity.js';
import { TimelineEntryEntity } from './delivery-timeline/timeline-entry.entity.js';
import { PendingLockRequestEntity } from './lock-requests/pending-lock-request.entity.js';
import { CustodyEntryEntity } from './vehicle-custody/custody-entry.entity.js';
import { CustodyGrantEntity } from './vehicle-custody/custody-grant.entity.js';
import { CaseSummaryEntity } from './cases/case-summary.entity.js';

/**
 * The read models the API queries through TypeORM. Each entity is its table's declaration, indexes
 * included; test/read-model-schema.int.spec.ts fails when the migrations build anything else.
 */
export const READ_MODEL_ENTITIES = [
  TimelineEntryEntity,
  DeliverySummaryEntity,
  AnomalyEntity,
  PendingLockRequestEntity,
  CustodyEntryEntity,
  CustodyGrantEntity,
  CaseSummaryEntity,
];
