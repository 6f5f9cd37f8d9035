import type { DeliveryStory } from '../delivery-story/delivery-story.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import { timelineEntry } from './timeline-entry.js';

/** Every delivery event, in ledger order, with its envelope, plain-language line and state after. */
export class TimelineProjection extends DeliveryStoryProjection {
  readonly name = 'delivery-timeline';
  readonly tables = ['timeline_entries', 'timeline_stories'];

  protected loadStories(ids: readonly string[], writer: ProjectionWriter) {
    return loadStoryTable(writer.table('timeline_stories'), ids, writer);
  }

  protected async write(
    steps: readonly AppliedStep[],
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
  ): Promise<void> {
    const rows = steps.map(({ event, step }) => {
      const e = timelineEntry(step, event);
      return {
        global_position: e.globalPosition,
        delivery_id: e.deliveryId,
        stream_revision: e.streamRevision,
        event_id: e.eventId,
        type: e.type,
        schema_version: e.schemaVersion,
        occurred_at: e.occurredAt,
        recorded_at: e.recordedAt,
        actor: e.actor,
        source: e.source,
        correlation_id: e.correlationId,
        causation_id: e.causationId,
        hash: e.hash,
        data: e.data,
        line: e.line,
        state_after: e.stateAfter,
        anomalies: e.anomalies,
      };
    });
    await writer.query(
      `INSERT INTO ${writer.table('timeline_entries')}
         SELECT * FROM jsonb_populate_recordset(NULL::${writer.table('timeline_entries')}, $1::jsonb)
       ON CONFLICT (global_position) DO NOTHING`,
      [JSON.stringify(rows)],
    );
    await saveStoryTable(writer.table('timeline_stories'), stories, writer);
  }
}
