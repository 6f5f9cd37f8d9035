import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { eventTime } from '../../src/story/delivery-story/ledger-event.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import type { PersonalDataViewed } from '../../src/domain/data-access/data-access.events.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import {
  type AccessTally,
  emptyTally,
  EXCESSIVE_ACCESS_RULE,
  tallyReveal,
} from '../../src/story/anomalies/access/excessive-personal-data-access.js';
import { SEVERITIES } from '../../src/story/anomalies/anomaly.js';
import { ANOMALY_RULES } from '../../src/story/anomalies/detect-anomalies.js';

const RULE_TEXT = new Map(ANOMALY_RULES.map((rule) => [rule.code, rule.rule]));

const isReveal = (event: RecordedEvent) =>
  event.type === 'PersonalDataViewed' && event.metadata.streamId.startsWith('data-access-');
const viewerOf = (event: RecordedEvent) => (event.data as PersonalDataViewed['data']).viewerId;

async function insertAnomalies(rows: readonly object[], writer: ProjectionWriter): Promise<void> {
  if (rows.length === 0) return;
  const table = writer.table('anomalies');
  await writer.query(
    `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (anomaly_id) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

/** Every anomaly every rule finds, with its rule, severity and the events that show it. */
export class AnomaliesProjection extends DeliveryStoryProjection {
  readonly name = 'anomalies';
  readonly tables = ['anomalies', 'anomaly_stories', 'access_tallies'];

  /** excessive_personal_data_access: reveals told to each viewer's tally. */
  override async applyOtherStreams(
    events: readonly RecordedEvent[],
    writer: ProjectionWriter,
  ): Promise<void> {
    const reveals = events.filter(isReveal);
    if (reveals.length === 0) return;
    const table = writer.table('access_tallies');
    const viewers = [...new Set(reveals.map(viewerOf))];
    const kept = await writer.query<{
      viewer_id: string;
      tally: AccessTally;
      last_position: string;
    }>(`SELECT viewer_id, tally, last_position FROM ${table} WHERE viewer_id = ANY($1)`, [viewers]);
    const tallies = new Map(kept.map((row) => [row.viewer_id, row]));
    const rows: Record<string, unknown>[] = [];
    for (const event of reveals) {
      const viewer = viewerOf(event);
      const before = tallies.get(viewer);
      if (before && Number(before.last_position) >= event.metadata.globalPosition) continue;
      const { tally, finding } = tallyReveal(before?.tally ?? emptyTally(), event);
      tallies.set(viewer, {
        viewer_id: viewer,
        tally,
        last_position: String(event.metadata.globalPosition),
      });
      if (!finding) continue;
      const data = event.data as PersonalDataViewed['data'];
      rows.push({
        anomaly_id: `excessive_personal_data_access:${viewer}:${event.metadata.globalPosition}`,
        code: 'excessive_personal_data_access',
        severity: 'high',
        severity_rank: SEVERITIES.indexOf('high'),
        delivery_id: data.deliveryId ?? '',
        rule: EXCESSIVE_ACCESS_RULE,
        reason: finding.reason,
        evidence: finding.evidence,
        detected_at: event.metadata.recordedAt,
        global_position: event.metadata.globalPosition,
      });
    }
    await insertAnomalies(rows, writer);
    await writer.query(
      `INSERT INTO ${table} (viewer_id, tally, last_position)
         SELECT r.viewer_id, r.tally, r.last_position
           FROM jsonb_to_recordset($1::jsonb) AS r(viewer_id text, tally jsonb, last_position bigint)
       ON CONFLICT (viewer_id) DO UPDATE SET tally = EXCLUDED.tally, last_position = EXCLUDED.last_position`,
      [JSON.stringify([...tallies.values()])],
    );
  }

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
    await insertAnomalies(rows, writer);
  }

  /** The delivery's own anomalies; excessive_personal_data_access comes from the reveals' streams. */
  async forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void> {
    await writer.query(
      `DELETE FROM ${writer.table('anomalies')} WHERE delivery_id = $1 AND code <> 'excessive_personal_data_access'`,
      [deliveryId],
    );
    await writer.query(`DELETE FROM ${writer.table('anomaly_stories')} WHERE delivery_id = $1`, [
      deliveryId,
    ]);
  }

  saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
  ): Promise<void> {
    return saveStoryTable(writer.table('anomaly_stories'), stories, writer);
  }
}
