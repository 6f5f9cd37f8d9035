import { fromStoredCaseEvent } from '../../src/domain/case/case.upcasters.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection, ProjectionWriter } from '../runtime/projection.js';

const CASE_STREAM = 'case-';

/** Each case's summary, from its own events in ledger order; whether it expired is asked at read time. */
async function applyOne(recorded: RecordedEvent, writer: ProjectionWriter): Promise<void> {
  const table = writer.table('case_summaries');
  const event = fromStoredCaseEvent(recorded);
  const position = recorded.metadata.globalPosition;
  switch (event.type) {
    case 'CaseOpened':
      await writer.query(
        `INSERT INTO ${table} (case_id, investigator_id, reason, delivery_ids, opened_at, expires_at,
                               approvals, last_approved_by, closed, global_position)
         VALUES ($1, $2, $3, $4, $5, $6, 0, NULL, false, $7) ON CONFLICT (case_id) DO NOTHING`,
        [
          event.data.caseId,
          event.data.investigatorId,
          event.data.reason,
          JSON.stringify(event.data.deliveryIds),
          event.data.openedAt,
          event.data.expiresAt,
          position,
        ],
      );
      return;
    case 'CaseApproved':
      await writer.query(
        `UPDATE ${table} SET approvals = approvals + 1, last_approved_by = $2, expires_at = $3,
                global_position = $4
          WHERE case_id = $1`,
        [event.data.caseId, event.data.approvedBy, event.data.expiresAt, position],
      );
      return;
    case 'CaseClosed':
      await writer.query(
        `UPDATE ${table} SET closed = true, global_position = $2 WHERE case_id = $1`,
        [event.data.caseId, position],
      );
      return;
    case 'EvidenceExported':
      return;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}

/** The cases the console lists: which wait for a second person, which are approved, until when. */
export class CaseSummariesProjection implements Projection {
  readonly name = 'case-summaries';
  readonly tables = ['case_summaries'];

  async forgetStream(streamId: string, writer: ProjectionWriter): Promise<boolean> {
    if (streamId.startsWith(CASE_STREAM)) {
      await writer.query(`DELETE FROM ${writer.table('case_summaries')} WHERE case_id = $1`, [
        streamId.slice(CASE_STREAM.length),
      ]);
    }
    return true;
  }

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    for (const event of events) {
      if (event.metadata.streamId.startsWith(CASE_STREAM)) await applyOne(event, writer);
    }
  }
}
