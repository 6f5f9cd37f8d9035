import { AnomalyEntity } from './anomalies/anomaly.entity.js';
import { DeliverySummaryEntity } from './delivery-summary/delivery-summary.entity.js';
import { TimelineEntryEntity } from './delivery-timeline/timeline-entry.entity.js';
import { ParkedEventEntity } from './runtime/parked-event.entity.js';
import { ProjectionCheckpointEntity } from './runtime/projection-checkpoint.entity.js';

/** The read models TypeORM maps; their tables come from the read-model migration. */
export const READ_MODEL_ENTITIES = [
  TimelineEntryEntity,
  DeliverySummaryEntity,
  AnomalyEntity,
  ProjectionCheckpointEntity,
  ParkedEventEntity,
];
