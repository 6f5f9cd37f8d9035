import { nextStep, type StoryStep } from '../anomalies/detect-anomalies.js';
import { type DeliveryStory, initialStory } from '../delivery-story/delivery-story.js';
import type { LedgerEvent } from '../delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../delivery-story/ledger-events.js';
import { deliveryIdOf } from '../delivery-timeline/timeline-entry.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection, ProjectionWriter } from './projection.js';

export interface AppliedStep {
  readonly event: LedgerEvent;
  readonly step: StoryStep;
}

/**
 * A projection that reads each delivery's story: it loads the stories of the deliveries in a batch,
 * tells each event (skipping one it has already applied, by global position), and writes what it
 * keeps. The story is a pure fold, so every projection tells the same one.
 */
export abstract class DeliveryStoryProjection implements Projection {
  abstract readonly name: string;
  abstract readonly tables: readonly string[];

  protected abstract loadStories(
    deliveryIds: readonly string[],
    writer: ProjectionWriter,
  ): Promise<Map<string, DeliveryStory>>;

  protected abstract write(
    steps: readonly AppliedStep[],
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
  ): Promise<void>;

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    const deliveryEvents = events.filter(isDeliveryStream).map(toLedgerEvent);
    if (deliveryEvents.length === 0) return;
    const ids = [...new Set(deliveryEvents.map(deliveryIdOf))];
    const stories = await this.loadStories(ids, writer);
    const touched = new Map<string, DeliveryStory>();
    const steps: AppliedStep[] = [];
    for (const event of deliveryEvents) {
      const id = deliveryIdOf(event);
      const before = stories.get(id) ?? initialStory();
      if (before.lastPosition >= event.metadata.globalPosition) continue;
      const step = nextStep(before, event);
      stories.set(id, step.after);
      touched.set(id, step.after);
      steps.push({ event, step });
    }
    if (steps.length > 0) await this.write(steps, touched, writer);
  }
}

/** Stories kept in a table of their own: `(delivery_id, story jsonb)`. */
export async function loadStoryTable(
  table: string,
  deliveryIds: readonly string[],
  writer: ProjectionWriter,
): Promise<Map<string, DeliveryStory>> {
  const rows = await writer.query<{ delivery_id: string; story: DeliveryStory }>(
    `SELECT delivery_id, story FROM ${table} WHERE delivery_id = ANY($1)`,
    [deliveryIds],
  );
  return new Map(rows.map((row) => [row.delivery_id, row.story]));
}

export async function saveStoryTable(
  table: string,
  stories: ReadonlyMap<string, DeliveryStory>,
  writer: ProjectionWriter,
): Promise<void> {
  await writer.query(
    `INSERT INTO ${table} (delivery_id, story)
       SELECT r.delivery_id, r.story FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, story jsonb)
     ON CONFLICT (delivery_id) DO UPDATE SET story = EXCLUDED.story`,
    [JSON.stringify([...stories].map(([delivery_id, story]) => ({ delivery_id, story })))],
  );
}
