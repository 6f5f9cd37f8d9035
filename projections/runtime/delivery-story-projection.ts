import { nextStep, type StoryStep } from '../../src/story/anomalies/detect-anomalies.js';
import { type DeliveryStory, initialStory } from '../../src/story/delivery-story/delivery-story.js';
import type { LedgerEvent } from '../../src/story/delivery-story/ledger-event.js';
import { isDeliveryStream, toLedgerEvent } from '../../src/story/delivery-story/ledger-events.js';
import { deliveryIdOf } from '../../src/story/delivery-timeline/timeline-entry.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import type { Projection, ProjectionWriter } from './projection.js';

export interface AppliedStep {
  readonly event: LedgerEvent;
  readonly step: StoryStep;
}

/** Tells a batch's events to the stories they belong to; skips what a story has already heard. */
export function tellStories(
  events: readonly LedgerEvent[],
  stories: Map<string, DeliveryStory>,
): { steps: AppliedStep[]; touched: Map<string, DeliveryStory> } {
  const touched = new Map<string, DeliveryStory>();
  const steps: AppliedStep[] = [];
  for (const event of events) {
    const id = deliveryIdOf(event);
    const before = stories.get(id) ?? initialStory();
    if (before.lastPosition >= event.metadata.globalPosition) continue;
    const step = nextStep(before, event);
    stories.set(id, step.after);
    touched.set(id, step.after);
    steps.push({ event, step });
  }
  return { steps, touched };
}

/**
 * A projection that reads each delivery's story: it loads the stories of the deliveries in a batch,
 * tells each event (skipping one it has already applied, by global position), writes what follows
 * each step, and keeps the stories. The story is a pure fold, so every projection tells the same one
 * (and a rebuild tells it once for all of them).
 */
export abstract class DeliveryStoryProjection implements Projection {
  abstract readonly name: string;
  abstract readonly tables: readonly string[];
  /**
   * One of its tables that keeps every story as `(delivery_id, story)`, if it has one: a rebuild
   * sends each story there once and the other projections copy it from there.
   */
  readonly storyTable?: string;

  abstract loadStories(
    deliveryIds: readonly string[],
    writer: ProjectionWriter,
  ): Promise<Map<string, DeliveryStory>>;

  /** Rows that follow from each step (timeline entries, anomalies). */
  abstract writeSteps(steps: readonly AppliedStep[], writer: ProjectionWriter): Promise<void>;

  /**
   * The stories as they now stand (and what derives from a story alone: summaries). With `copyFrom`,
   * a table where these stories already stand as `(delivery_id, story)`: their JSON is copied from
   * there instead of being sent and parsed again.
   */
  abstract saveStories(
    stories: ReadonlyMap<string, DeliveryStory>,
    writer: ProjectionWriter,
    copyFrom?: string,
  ): Promise<void>;

  /** Takes back the rows and the story of one delivery. */
  abstract forgetDelivery(deliveryId: string, writer: ProjectionWriter): Promise<void>;

  /** A delivery's stream can be told again from its first event; other streams cannot alone. */
  async forgetStream(streamId: string, writer: ProjectionWriter): Promise<boolean> {
    if (!streamId.startsWith('delivery-')) return false;
    await this.forgetDelivery(streamId.slice('delivery-'.length), writer);
    return true;
  }

  /** What it derives across streams, from every event of a page (the anomalies: reveals, drop digests). */
  applyOtherStreams(_events: readonly RecordedEvent[], _writer: ProjectionWriter): Promise<void> {
    return Promise.resolve();
  }

  async apply(events: readonly RecordedEvent[], writer: ProjectionWriter): Promise<void> {
    const deliveryEvents = events.filter(isDeliveryStream).map(toLedgerEvent);
    if (deliveryEvents.length > 0) {
      const ids = [...new Set(deliveryEvents.map(deliveryIdOf))];
      const { steps, touched } = tellStories(deliveryEvents, await this.loadStories(ids, writer));
      if (steps.length > 0) {
        await this.writeSteps(steps, writer);
        await this.saveStories(touched, writer);
      }
    }
    await this.applyOtherStreams(events, writer);
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
  copyFrom?: string,
): Promise<void> {
  if (copyFrom) {
    await writer.query(
      `INSERT INTO ${table} (delivery_id, story)
         SELECT delivery_id, story FROM ${copyFrom} WHERE delivery_id = ANY($1)
       ON CONFLICT (delivery_id) DO UPDATE SET story = EXCLUDED.story`,
      [[...stories.keys()]],
    );
    return;
  }
  await writer.query(
    `INSERT INTO ${table} (delivery_id, story)
       SELECT r.delivery_id, r.story FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id text, story jsonb)
     ON CONFLICT (delivery_id) DO UPDATE SET story = EXCLUDED.story`,
    [JSON.stringify([...stories].map(([delivery_id, story]) => ({ delivery_id, story })))],
  );
}
