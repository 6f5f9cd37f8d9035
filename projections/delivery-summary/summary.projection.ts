import { getMetadataArgsStorage } from 'typeorm';

import type { DeliveryStory } from '../../src/story/delivery-story/delivery-story.js';
import { DeliveryStoryProjection } from '../runtime/delivery-story-projection.js';
import type { ProjectionWriter } from '../runtime/projection.js';
import { type DeliverySummary, deliverySummary } from './delivery-summary.js';
import { DeliverySummaryEntity } from './delivery-summary.entity.js';

/** The table's columns as the entity declares them (its one declaration): property → column name. */
const SUMMARY_COLUMNS = getMetadataArgsStorage()
  .filterColumns(DeliverySummaryEntity)
  .map((column) => ({
    property: column.propertyName,
    column: column.options.name ?? column.propertyName,
  }));
const UPDATED_COLUMNS = SUMMARY_COLUMNS.filter((c) => c.column !== 'delivery_id')
  .map(({ column }) => `${column} = EXCLUDED.${column}`)
  .join(', ');

/** Fails to compile when the entity gains a column the summary has no field for. */
type ColumnWithoutField = Exclude<keyof DeliverySummaryEntity, keyof DeliverySummary | 'story'>;
const _everyColumnHasAField: [ColumnWithoutField] extends [never] ? true : never = true;

/** One row per delivery for search, with the story it was derived from. */
export class SummaryProjection extends DeliveryStoryProjection {
  readonly name = 'delivery-summary';
  readonly tables = ['delivery_summaries'];
  readonly readsByKeyOnly = true;

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
    copyFrom?: string,
  ): Promise<void> {
    const rows = [...stories.values()].flatMap((story) => {
      const summary = deliverySummary(story);
      if (!summary) return [];
      // Copied, the story's JSON is taken from `copyFrom` by the delivery's id.
      const fields: Record<string, unknown> = { ...summary, story: copyFrom ? null : story };
      return [Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c.column, fields[c.property]]))];
    });
    if (rows.length === 0) return;
    const table = writer.table('delivery_summaries');
    const columns = SUMMARY_COLUMNS.map((c) => c.column);
    const insert = copyFrom
      ? `INSERT INTO ${table} (${columns.join(', ')})
           SELECT ${columns.map((c) => (c === 'story' ? 's.story' : `r.${c}`)).join(', ')}
             FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) r
             JOIN ${copyFrom} s ON s.delivery_id = r.delivery_id`
      : `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`;
    await writer.query(
      `${insert}
       ON CONFLICT (delivery_id) DO UPDATE SET ${UPDATED_COLUMNS}`,
      [JSON.stringify(rows)],
    );
  }
}
