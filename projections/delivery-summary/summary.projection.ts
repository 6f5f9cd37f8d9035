import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { DeliveryStoryProjection } from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import { deliverySummary } from './delivery-summary.js';

/** One row per delivery for search, with the story it was derived from. */
export class SummaryProjection extends DeliveryStoryProjection {
  readonly name = 'delivery-summary';
  readonly tables = ['delivery_summaries'];

  async loadStories(ids: readonly string[], writer: ProjectionWriter) {
    const rows = await writer.query<{ delivery_id: string; story: DeliveryStory }>(
      `SELECT delivery_id, story FROM ${writer.table('delivery_summaries')} WHERE delivery_id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.delivery_id, row.story]));
  }

  async forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void> {
    await writer.query(`DELETE FROM ${writer.table('delivery_summaries')} WHERE delivery_id = $1`, [
      deliveryId,
    ]);
  }

  /** A summary follows from its story alone: nothing to write per step. */
  async writeSteps(): Promise<void> {}

  async saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
  ): Promise<void> {
    const rows = [...stories.values()].flatMap((story) => {
      const s = deliverySummary(story);
      if (!s) return [];
      return [
        {
          delivery_id: s.deliveryId,
          status: s.status,
          vendor: s.vendor,
          customer_id: s.customerId,
          vehicle_id: s.vehicleId,
          courier_id: s.courierId,
          courier_ids: s.courierIds,
          window_from: s.windowFrom,
          window_to: s.windowTo,
          scheduled_at: s.scheduledAt,
          granted_at: s.grantedAt,
          unlocked_at: s.unlockedAt,
          first_opened_at: s.firstOpenedAt,
          dropped_at: s.droppedAt,
          last_closed_at: s.lastClosedAt,
          lock_confirmed_at: s.lockConfirmedAt,
          completed_at: s.completedAt,
          failed_at: s.failedAt,
          unlocked_seconds: s.unlockedSeconds,
          released: s.released,
          anomalies: s.anomalies,
          last_position: s.lastPosition,
          story,
        },
      ];
    });
    if (rows.length === 0) return;
    const table = writer.table('delivery_summaries');
    const columns = Object.keys(rows[0]!);
    await writer.query(
      `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
       ON CONFLICT (delivery_id) DO UPDATE SET ${columns
         .filter((c) => c !== 'delivery_id')
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`,
      [JSON.stringify(rows)],
    );
  }
}
