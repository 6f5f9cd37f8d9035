import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import { timelineLine } from '../../src/story/delivery-timeline/timeline-line.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import { stepState } from '../../src/story/delivery-story/delivery-story.js';
import { eventTime } from '../../src/story/delivery-story/ledger-event.js';
import { placedAt } from '../../src/story/delivery-story/placement.js';

/** For every delivery event: its plain-language line, the state after it, the anomalies it raised. */
export class TimelineProjection extends DeliveryStoryProjection {
  readonly name = 'delivery-timeline';
  readonly tables = ['timeline_entries', 'timeline_stories'];
  readonly readsByKeyOnly = true;
  /** A delivery's timeline read waits until its last event is applied here. */
  readonly readsWaitForIt = true;
  override readonly storyTable = 'timeline_stories';

  loadStories(ids: readonly string[], writer: ProjectionWriter) {
    return loadStoryTable(writer.table('timeline_stories'), ids, writer);
  }

  async writeSteps(steps: readonly AppliedStep[], writer: ProjectionWriter): Promise<void> {
    await writer.query(
      `INSERT INTO ${writer.table('timeline_entries')}
         (global_position, delivery_id, stream_revision, line, state_after, anomalies, placed_at)
       SELECT r.global_position, r.delivery_id, r.stream_revision, r.line, r.state_after, r.anomalies::text[], r.placed_at
         FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::jsonb[], $6::text[], $7::text[])
           AS r(global_position, delivery_id, stream_revision, line, state_after, anomalies, placed_at)
       ON CONFLICT (global_position) DO NOTHING`,
      [
        steps.map(({ event }) => event.metadata.globalPosition),
        steps.map(({ event }) => deliveryIdOf(event)),
        steps.map(({ event }) => event.metadata.streamRevision),
        steps.map(({ event, step }) => timelineLine(step.before, event, step.after)),
        steps.map(({ event, step }) => JSON.stringify(stepState(step.after, eventTime(event)))),
        // One text per row, as a PostgreSQL array literal: codes are plain words.
        steps.map(({ step }) => `{${step.findings.map((f) => f.code).join(',')}}`),
        steps.map(({ event, step }) => placedAt(event, step.before)),
      ],
    );
  }

  async forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void> {
    await writer.query(`DELETE FROM ${writer.table('timeline_entries')} WHERE delivery_id = $1`, [
      deliveryId,
    ]);
    await writer.query(`DELETE FROM ${writer.table('timeline_stories')} WHERE delivery_id = $1`, [
      deliveryId,
    ]);
  }

  saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
    copyFrom?: string,
  ): Promise<void> {
    return saveStoryTable(writer.table('timeline_stories'), stories, writer, copyFrom);
  }
}
