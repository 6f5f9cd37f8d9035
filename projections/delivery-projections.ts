import { AnomaliesProjection } from './anomalies/anomalies.projection.js';
import { SummaryProjection } from './delivery-summary/summary.projection.js';
import { TimelineProjection } from './delivery-timeline/timeline.projection.js';
import type { Projection } from './runtime/projection.js';
import { MerkleTreeProjection } from './merkle/merkle-tree.projection.js';
import { DeadlinesProjection } from './watchdog/deadlines.projection.js';
import { PendingLockRequestsProjection } from './lock-requests/pending-lock-requests.projection.js';
import { CustodyProjection } from './vehicle-custody/custody.projection.js';
import { CaseSummariesProjection } from './cases/case-summaries.projection.js';

/** Every projection keytrail keeps, by name. */
export const createProjections = (): Projection[] => [
  new TimelineProjection(),
  new SummaryProjection(),
  new AnomaliesProjection(),
  new DeadlinesProjection(),
  new PendingLockRequestsProjection(),
  new CustodyProjection(),
  new CaseSummariesProjection(),
  new MerkleTreeProjection(),
];
