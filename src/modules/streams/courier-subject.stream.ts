import {
  type CourierCommand,
  type CourierSubjectState,
  decideCourierSubject,
  evolveCourierSubject,
  initialCourierSubjectState,
} from '../../domain/courier/courier.decider.js';
import {
  COURIER_EVENT_SCHEMA_VERSIONS,
  type CourierEvent,
  courierSubjectStreamId,
} from '../../domain/courier/courier.events.js';
import type { StreamKind } from './stream-kind.js';

/** `courier-subject-{courierId}`: a courier's erasure; decided by compliance. */
export const courierSubjectStream: StreamKind<CourierCommand, CourierEvent, CourierSubjectState> = {
  streamId: courierSubjectStreamId,
  initialState: initialCourierSubjectState,
  evolve: evolveCourierSubject,
  decide: decideCourierSubject,
  schemaVersions: COURIER_EVENT_SCHEMA_VERSIONS,
  idempotent: false,
};
