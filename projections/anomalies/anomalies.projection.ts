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
import { type AnomalyFinding, SEVERITIES } from '../../src/story/anomalies/anomaly.js';
import {
  applyGrantChange,
  grantChangeOf,
  type HeldGrant,
  vehicleOf,
} from '../../src/story/vehicle-custody/held-grants.js';
import {
  OVERLAPPING_GRANTS_RULE,
  overlappingGrants,
} from '../../src/story/vehicle-custody/overlapping-grants.js';
import { ANOMALY_RULES } from '../../src/story/anomalies/detect-anomalies.js';

const RULE_TEXT = new Map<string, string>([
  ...ANOMALY_RULES.map((rule) => [rule.code, rule.rule] as const),
  ['overlapping_grants', OVERLAPPING_GRANTS_RULE],
]);

/** Anomalies that several deliveries' streams show together: kept when one delivery is told again. */
const ACROSS_STREAMS = ['excessive_personal_data_access', 'overlapping_grants'];

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

/** One finding of one delivery, at the event that showed it. */
interface Found {
  readonly event: AppliedStep['event'];
  readonly deliveryId: string;
  readonly finding: AnomalyFinding;
}

const anomalyRow = ({ event, deliveryId, finding: f }: Found) => ({
  anomaly_id: `${f.code}:${deliveryId}:${event.metadata.globalPosition}`,
  code: f.code,
  severity: f.severity,
  severity_rank: SEVERITIES.indexOf(f.severity),
  delivery_id: deliveryId,
  rule: RULE_TEXT.get(f.code) ?? '',
  reason: f.reason,
  evidence: f.evidence,
  detected_at: eventTime(event),
  global_position: event.metadata.globalPosition,
});

/** Every anomaly every rule finds, with its rule, severity and the events that show it. */
export class AnomaliesProjection extends DeliveryStoryProjection {
  readonly name = 'anomalies';
  readonly tables = ['anomalies', 'anomaly_stories', 'access_tallies', 'anomaly_vehicles'];

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
    const found = steps.flatMap(({ event, step }) =>
      step.findings.map((finding) => ({ event, deliveryId: deliveryIdOf(event), finding })),
    );
    await insertAnomalies(
      [...found, ...(await this.overlappingGrants(steps, writer))].map(anomalyRow),
      writer,
    );
  }

  /** overlapping_grants: each car's grants across its deliveries, told in ledger order. */
  private async overlappingGrants(
    steps: readonly AppliedStep[],
    writer: ProjectionWriter,
  ): Promise<Found[]> {
    const changes = steps.flatMap(({ event, step }) => {
      const change = grantChangeOf(event);
      const vehicleId = vehicleOf(step.after);
      return change && vehicleId ? [{ event, change, vehicleId }] : [];
    });
    if (changes.length === 0) return [];
    const table = writer.table('anomaly_vehicles');
    const vehicles = [...new Set(changes.map((c) => c.vehicleId))];
    const kept = await writer.query<{ vehicle_id: string; grants: HeldGrant[] }>(
      `SELECT vehicle_id, grants FROM ${table} WHERE vehicle_id = ANY($1)`,
      [vehicles],
    );
    const held = new Map(vehicles.map((v) => [v, [] as HeldGrant[]]));
    for (const row of kept) held.set(row.vehicle_id, row.grants);
    const found: Found[] = [];
    for (const { event, change, vehicleId } of changes) {
      const next = applyGrantChange(held.get(vehicleId)!, change);
      held.set(vehicleId, next.held);
      if (change.kind !== 'granted') continue;
      for (const { deliveryId, finding } of overlappingGrants(change.grant, next.overlapping))
        found.push({ event, deliveryId, finding });
    }
    await writer.query(
      `INSERT INTO ${table} (vehicle_id, grants)
         SELECT r.vehicle_id, r.grants FROM jsonb_to_recordset($1::jsonb) AS r(vehicle_id text, grants jsonb)
       ON CONFLICT (vehicle_id) DO UPDATE SET grants = EXCLUDED.grants`,
      [JSON.stringify([...held].map(([vehicle_id, grants]) => ({ vehicle_id, grants })))],
    );
    return found;
  }

  /**
   * The delivery's own anomalies; those several streams show together stay (a car's grants remember
   * theirs by position, so telling the delivery again raises them once).
   */
  async forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void> {
    await writer.query(
      `DELETE FROM ${writer.table('anomalies')} WHERE delivery_id = $1 AND code <> ALL($2)`,
      [deliveryId, ACROSS_STREAMS],
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
