import {
  decideSubject,
  evolveSubject,
  initialSubjectState,
  type SubjectCommand,
  type SubjectState,
} from '../../domain/subject/subject.decider.js';
import {
  SUBJECT_EVENT_SCHEMA_VERSIONS,
  type SubjectEvent,
  subjectStreamId,
} from '../../domain/subject/subject.events.js';
import { fromStoredSubjectEvent } from '../../domain/subject/subject.upcasters.js';
import type { StreamKind } from './stream-kind.js';

/** `subject-{customerId}`: legal holds and erasure; decided by cases, erasure and retention. */
export const subjectStream: StreamKind<SubjectCommand, SubjectEvent, SubjectState> = {
  streamId: subjectStreamId,
  initialState: initialSubjectState,
  upcast: fromStoredSubjectEvent,
  evolve: evolveSubject,
  decide: decideSubject,
  schemaVersions: SUBJECT_EVENT_SCHEMA_VERSIONS,
  idempotent: false,
};
