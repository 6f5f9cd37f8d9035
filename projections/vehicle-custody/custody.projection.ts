import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { columnInstant } from '../../src/story/delivery-story/bounded-time.js';
import { custodyEntryOf } from '../../src/story/vehicle-custody/custody-entry.js';
import {
  applyGrantChange,
  grantChangeOf,
  type HeldGrant,
} from '../../src/story/vehicle-custody/held-grants.js';
import {
  type AppliedStep,
  DeliveryStoryProjection,
  loadStoryTable,
  saveStoryTable,
} from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';

interface GrantRow {
  readonly delivery_id: string;
  readonly grant_id: string;
  readonly courier_id: string;
  readonly live_from: Date;
  readonly live_to: Date;
  readonly granted_position: string;
}

const heldGrant = (row: GrantRow): HeldGrant => ({
  deliveryId: row.delivery_id,
  grantId: row.grant_id,
  courierId: row.courier_id,
  from: row.live_from.toISOString(),
  to: row.live_to.toISOString(),
  position: Number(row.granted_position),
});

/**
 * One car's custody across deliveries, keyed by car: every grant, unlock, opening and lock in the
 * order they happened, and each grant's stretch of live access (GET /v1/vehicles/{id}/custody).
 */
export class CustodyProjection extends DeliveryStoryProjection {
  readonly name = 'vehicle-custody';
  readonly tables = ['custody_entries', 'custody_grants', 'custody_stories'];
  readonly readsByKeyOnly = true;
  override readonly storyTable = 'custody_stories';

  loadStories(ids: readonly string[], writer: ProjectionWriter) {
    return loadStoryTable(writer.table('custody_stories'), ids, writer);
  }

  async writeSteps(steps: readonly AppliedStep[], writer: ProjectionWriter): Promise<void> {
    const entries = steps.flatMap(({ event, step }) => custodyEntryOf(step, event) ?? []);
    if (entries.length > 0) {
      await writer.query(
        `INSERT INTO ${writer.table('custody_entries')}
           SELECT * FROM jsonb_populate_recordset(NULL::${writer.table('custody_entries')}, $1::jsonb)
         ON CONFLICT (global_position) DO NOTHING`,
        [
          JSON.stringify(
            entries.map((e) => ({
              global_position: e.globalPosition,
              vehicle_id: e.vehicleId,
              delivery_id: e.deliveryId,
              customer_id: e.customerId,
              at: e.at,
              occurred: columnInstant(e.at),
              kind: e.kind,
              grant_id: e.grantId,
              courier_id: e.courierId,
              attributed_to: e.attributedTo,
              line: e.line,
            })),
          ),
        ],
      );
    }
    await this.writeGrants(steps, writer);
  }

  /** Each delivery's grants, changed in ledger order: granted, then shortened when they end. */
  private async writeGrants(steps: readonly AppliedStep[], writer: ProjectionWriter) {
    const changes = steps.flatMap(({ event, step }) => {
      const change = grantChangeOf(event);
      const delivery = step.after.state.delivery;
      return change && delivery ? [{ change, delivery }] : [];
    });
    if (changes.length === 0) return;
    const table = writer.table('custody_grants');
    const ids = [...new Set(changes.map((c) => c.delivery.deliveryId))];
    const rows = await writer.query<GrantRow>(
      `SELECT delivery_id, grant_id, courier_id, live_from, live_to, granted_position
         FROM ${table} WHERE delivery_id = ANY($1)`,
      [ids],
    );
    const held = new Map<string, HeldGrant[]>(ids.map((id) => [id, []]));
    for (const row of rows) held.get(row.delivery_id)!.push(heldGrant(row));
    for (const { change, delivery } of changes) {
      held.set(delivery.deliveryId, applyGrantChange(held.get(delivery.deliveryId)!, change).held);
    }
    const delivery = new Map(changes.map((c) => [c.delivery.deliveryId, c.delivery]));
    const upserts = [...held].flatMap(([id, grants]) =>
      grants.map((g) => ({
        delivery_id: id,
        grant_id: g.grantId,
        vehicle_id: delivery.get(id)!.vehicleId,
        customer_id: delivery.get(id)!.customerId,
        courier_id: g.courierId,
        live_from: columnInstant(g.from),
        live_to: columnInstant(g.to),
        granted_position: g.position,
      })),
    );
    if (upserts.length === 0) return;
    await writer.query(
      `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
       ON CONFLICT (delivery_id, grant_id) DO UPDATE SET live_to = EXCLUDED.live_to`,
      [JSON.stringify(upserts)],
    );
  }

  async forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void> {
    for (const table of ['custody_entries', 'custody_grants', 'custody_stories']) {
      await writer.query(`DELETE FROM ${writer.table(table)} WHERE delivery_id = $1`, [deliveryId]);
    }
  }

  saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
    copyFrom?: string,
  ): Promise<void> {
    return saveStoryTable(writer.table('custody_stories'), stories, writer, copyFrom);
  }
}
