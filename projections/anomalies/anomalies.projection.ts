import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { eventTime } from '../../src/story/delivery-story/ledger-event.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import { flushKept, loadKeyed, saveKeyed } from '../runtime/kept-rows.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import type { PersonalDataViewed } from '../../src/domain/data-access/data-access.events.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import {
  type AccessTally,
  emptyTally,
  EXCESSIVE_ACCESS_RULE,
  isRevealEvent,
  tallyReveal,
} from '../../src/story/anomalies/access/excessive-personal-data-access.js';
import {
  type AnomalyCode,
  type AnomalyFinding,
  type Severity,
  SEVERITIES,
} from '../../src/story/anomalies/anomaly.js';
import {
  type DigestFirstUse,
  PHOTO_REUSED_RULE,
  photoReused,
} from '../../src/story/anomalies/photos/photo-reused.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
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

/** One row of `read.anomalies`; its id is the code, whose it is (delivery or viewer), and the position. */
function anomalyRow(a: {
  readonly code: AnomalyCode;
  readonly severity: Severity;
  readonly reason: string;
  readonly evidence: readonly number[];
  readonly rule: string;
  readonly subject: string;
  readonly deliveryId: string;
  readonly detectedAt: string;
  readonly position: number;
}): Record<string, unknown> {
  return {
    anomaly_id: `${a.code}:${a.subject}:${a.position}`,
    code: a.code,
    severity: a.severity,
    severity_rank: SEVERITIES.indexOf(a.severity),
    delivery_id: a.deliveryId,
    rule: a.rule,
    reason: a.reason,
    evidence: a.evidence,
    detected_at: a.detectedAt,
    global_position: a.position,
  };
}

/** One finding of one delivery, at the event that showed it. */
interface Found {
  readonly event: AppliedStep['event'];
  readonly deliveryId: string;
  readonly finding: AnomalyFinding;
}

/** A delivery's finding as its row: the rule's text, the delivery as its subject. */
const foundRow = ({ event, deliveryId, finding }: Found) =>
  anomalyRow({
    ...finding,
    rule: RULE_TEXT.get(finding.code) ?? '',
    subject: deliveryId,
    deliveryId,
    detectedAt: eventTime(event),
    position: event.metadata.globalPosition,
  });

/** A viewer's tally of reveals, as `read.access_tallies` keeps it. */
interface TallyRow {
  readonly viewer_id: string;
  readonly tally: AccessTally;
  readonly last_position: string;
}

async function saveTallies(
  tallies: ReadonlyMap<string, TallyRow>,
  writer: ProjectionWriter,
): Promise<void> {
  await writer.query(
    `INSERT INTO ${writer.table('access_tallies')} (viewer_id, tally, last_position)
       SELECT r.viewer_id, r.tally, r.last_position
         FROM jsonb_to_recordset($1::jsonb) AS r(viewer_id text, tally jsonb, last_position bigint)
     ON CONFLICT (viewer_id) DO UPDATE SET tally = EXCLUDED.tally, last_position = EXCLUDED.last_position`,
    [JSON.stringify([...tallies.values()])],
  );
}

async function saveDigests(
  firsts: ReadonlyMap<string, DigestFirstUse>,
  writer: ProjectionWriter,
): Promise<void> {
  const table = writer.table('photo_digests');
  await writer.query(
    // The lowest position a digest was seen at wins, whatever order deliveries were told in.
    `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT (sha256) DO UPDATE SET delivery_id = EXCLUDED.delivery_id,
       global_position = EXCLUDED.global_position
     WHERE EXCLUDED.global_position < ${table}.global_position`,
    [
      JSON.stringify(
        [...firsts].map(([sha256, f]) => ({
          sha256,
          delivery_id: f.deliveryId,
          global_position: f.position,
        })),
      ),
    ],
  );
}

async function saveVehicles(
  held: ReadonlyMap<string, readonly HeldGrant[]>,
  writer: ProjectionWriter,
): Promise<void> {
  await writer.query(
    `INSERT INTO ${writer.table('anomaly_vehicles')} (vehicle_id, grants)
       SELECT r.vehicle_id, r.grants FROM jsonb_to_recordset($1::jsonb) AS r(vehicle_id text, grants jsonb)
     ON CONFLICT (vehicle_id) DO UPDATE SET grants = EXCLUDED.grants`,
    [JSON.stringify([...held].map(([vehicle_id, grants]) => ({ vehicle_id, grants })))],
  );
}

/** Every anomaly every rule finds, with its rule, severity and the events that show it. */
export class AnomaliesProjection extends DeliveryStoryProjection {
  readonly name = 'anomalies';
  readonly readsByKeyOnly = true;
  override readonly storyTable = 'anomaly_stories';
  readonly tables = [
    'anomalies',
    'anomaly_stories',
    'access_tallies',
    'photo_digests',
    'anomaly_vehicles',
  ];

  /**
   * photo_reused: each digest's first drop in global order is kept (the lowest position wins, also
   * when a delivery is told again); a later drop of it on another delivery is flagged there.
   */
  private async applyDrops(
    events: readonly RecordedEvent[],
    writer: ProjectionWriter,
  ): Promise<void> {
    const drops = events
      .filter(isDeliveryStream)
      .map(toLedgerEvent)
      .filter((e): e is LedgerEvent & { type: 'PackagePlaced' } => e.type === 'PackagePlaced');
    if (drops.length === 0) return;
    const digests = [...new Set(drops.map((d) => d.data.photo.sha256))];
    const firsts = await loadKeyed(writer, 'photo_digests', digests, async (keys) => {
      const kept = await writer.query<{
        sha256: string;
        delivery_id: string;
        global_position: string;
      }>(
        `SELECT sha256, delivery_id, global_position FROM ${writer.table('photo_digests')} WHERE sha256 = ANY($1)`,
        [keys],
      );
      return new Map<string, DigestFirstUse>(
        kept.map((r) => [
          r.sha256,
          { deliveryId: r.delivery_id, position: Number(r.global_position) },
        ]),
      );
    });
    const rows: Record<string, unknown>[] = [];
    for (const drop of drops) {
      const { sha256 } = drop.data.photo;
      const deliveryId = deliveryIdOf(drop);
      const first = firsts.get(sha256) ?? null;
      const found = photoReused(first, drop, deliveryId);
      if (first === null || first.position > drop.metadata.globalPosition)
        firsts.set(sha256, { deliveryId, position: drop.metadata.globalPosition });
      if (!found) continue;
      rows.push(
        anomalyRow({
          ...found,
          code: 'photo_reused',
          severity: 'high',
          rule: PHOTO_REUSED_RULE,
          subject: deliveryId,
          deliveryId,
          detectedAt: eventTime(drop),
          position: drop.metadata.globalPosition,
        }),
      );
    }
    await insertAnomalies(rows, writer);
    await saveKeyed(writer, 'photo_digests', firsts, (kept) => saveDigests(kept, writer));
  }

  /** What spans streams: reveals (excessive_personal_data_access), drops' digests (photo_reused). */
  override async applyOtherStreams(
    events: readonly RecordedEvent[],
    writer: ProjectionWriter,
  ): Promise<void> {
    await this.applyDrops(events, writer);
    await this.applyReveals(events, writer);
  }

  /** excessive_personal_data_access: reveals told to each viewer's tally. */
  private async applyReveals(
    events: readonly RecordedEvent[],
    writer: ProjectionWriter,
  ): Promise<void> {
    const reveals = events.filter(isRevealEvent);
    if (reveals.length === 0) return;
    const viewers = [...new Set(reveals.map(viewerOf))];
    const tallies = await loadKeyed(writer, 'access_tallies', viewers, async (keys) => {
      const kept = await writer.query<TallyRow>(
        `SELECT viewer_id, tally, last_position FROM ${writer.table('access_tallies')} WHERE viewer_id = ANY($1)`,
        [keys],
      );
      return new Map(kept.map((row) => [row.viewer_id, row]));
    });
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
      rows.push(
        anomalyRow({
          ...finding,
          code: 'excessive_personal_data_access',
          severity: 'high',
          rule: EXCESSIVE_ACCESS_RULE,
          subject: viewer,
          deliveryId: data.deliveryId ?? '',
          detectedAt: event.metadata.recordedAt,
          position: event.metadata.globalPosition,
        }),
      );
    }
    await insertAnomalies(rows, writer);
    await saveKeyed(writer, 'access_tallies', tallies, (kept) => saveTallies(kept, writer));
  }

  loadStories(ids: readonly string[], writer: ProjectionWriter) {
    return loadStoryTable(writer.table('anomaly_stories'), ids, writer);
  }

  async writeSteps(steps: readonly AppliedStep[], writer: ProjectionWriter): Promise<void> {
    const found = steps.flatMap(({ event, step }) =>
      step.findings.map((finding) => ({ event, deliveryId: deliveryIdOf(event), finding })),
    );
    await insertAnomalies(
      [...found, ...(await this.overlappingGrants(steps, writer))].map(foundRow),
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
    const vehicles = [...new Set(changes.map((c) => c.vehicleId))];
    const kept = await loadKeyed(writer, 'anomaly_vehicles', vehicles, async (keys) => {
      const rows = await writer.query<{ vehicle_id: string; grants: HeldGrant[] }>(
        `SELECT vehicle_id, grants FROM ${writer.table('anomaly_vehicles')} WHERE vehicle_id = ANY($1)`,
        [keys],
      );
      return new Map(rows.map((row) => [row.vehicle_id, row.grants]));
    });
    const held = new Map(vehicles.map((v) => [v, kept.get(v) ?? ([] as HeldGrant[])]));
    const found: Found[] = [];
    for (const { event, change, vehicleId } of changes) {
      const next = applyGrantChange(held.get(vehicleId)!, change);
      held.set(vehicleId, next.held);
      if (change.kind !== 'granted') continue;
      for (const { deliveryId, finding } of overlappingGrants(change.grant, next.overlapping))
        found.push({ event, deliveryId, finding });
    }
    await saveKeyed(writer, 'anomaly_vehicles', held, (rows) => saveVehicles(rows, writer));
    return found;
  }

  /** The state across streams a rebuild kept in memory: the cars' grants, tallies, first drops. */
  async finishRebuild(writer: ProjectionWriter): Promise<void> {
    await flushKept<HeldGrant[]>(writer, 'anomaly_vehicles', (rows) => saveVehicles(rows, writer));
    await flushKept<TallyRow>(writer, 'access_tallies', (rows) => saveTallies(rows, writer));
    await flushKept<DigestFirstUse>(writer, 'photo_digests', (rows) => saveDigests(rows, writer));
  }

  /**
   * The delivery's own anomalies; those several streams show together stay (a car's grants remember
   * theirs by position, so telling the delivery again raises them once). The photo digests stay too:
   * told again, the delivery's drops find the same first uses.
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
    copyFrom?: string,
  ): Promise<void> {
    return saveStoryTable(writer.table('anomaly_stories'), stories, writer, copyFrom);
  }
}
