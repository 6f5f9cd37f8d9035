import type { DeliveryStory } from '../delivery-story/delivery-story.js';
import { eventTime } from '../delivery-story/ledger-event.js';
import { deliveryIdOf } from '../delivery-timeline/timeline-entry.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import { SEVERITIES } from './anomaly.js';
import { ANOMALY_RULES } from './detect-anomalies.js';

const RULE_TEXT = new Map(ANOMALY_RULES.map((rule) => [rule.code, rule.rule]));

/** Every anomaly every rule finds, with its rule, severity and the events that show it. */
export class AnomaliesProjection extends DeliveryStoryProjection {
  readonly name = 'anomalies';
  readonly tables = ['anomalies', 'anomaly_stories'];

  loadStories(ids: readonly string[], writer: ProjectionWriter) {
    return loadStoryTable(writer.table('anomaly_stories'), ids, writer);
  }

  async writeSteps(steps: readonly AppliedStep[], writer: ProjectionWriter): Promise<void> {
    const rows = steps.flatMap(({ event, step }) =>
      step.findings.map((f) => ({
        anomaly_id: `${f.code}:${deliveryIdOf(event)}:${event.metadata.globalPosition}`,
        code: f.code,
        severity: f.severity,
        severity_rank: SEVERITIES.indexOf(f.severity),
        delivery_id: deliveryIdOf(event),
        rule: RULE_TEXT.get(f.code) ?? '',
        reason: f.reason,
        evidence: f.evidence,
        detected_at: eventTime(event),
        global_position: event.metadata.globalPosition,
      })),
    );
    if (rows.length > 0) {
      const table = writer.table('anomalies');
      await writer.query(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
         ON CONFLICT (anomaly_id) DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
  }

  saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
  ): Promise<void> {
    return saveStoryTable(writer.table('anomaly_stories'), stories, writer);
  }
}
