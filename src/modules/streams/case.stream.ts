import {
  type CaseCommand,
  type CaseState,
  decideCase,
  evolveCase,
  initialCaseState,
} from '../../domain/case/case.decider.js';
import {
  CASE_EVENT_SCHEMA_VERSIONS,
  type CaseEvent,
  caseStreamId,
} from '../../domain/case/case.events.js';
import { fromStoredCaseEvent } from '../../domain/case/case.upcasters.js';
import type { StreamKind } from './stream-kind.js';

/** `case-{caseId}`: an investigator's case, approved by a second person. */
export const caseStream: StreamKind<CaseCommand, CaseEvent, CaseState> = {
  streamId: caseStreamId,
  initialState: initialCaseState,
  upcast: fromStoredCaseEvent,
  evolve: evolveCase,
  decide: decideCase,
  schemaVersions: CASE_EVENT_SCHEMA_VERSIONS,
  idempotent: false,
};
