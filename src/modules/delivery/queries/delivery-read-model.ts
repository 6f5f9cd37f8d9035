import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { DeliveryStory } from '../../../story/delivery-story/delivery-story.js';
import { eventTime } from '../../../story/delivery-story/ledger-event.js';
import { toLedgerEvent } from '../../../story/delivery-story/ledger-events.js';
import { inPlacedOrder } from '../../../story/delivery-story/placement.js';
import {
  buildTimeline,
  entryFrom,
  type TimelineEntry,
} from '../../../story/delivery-timeline/timeline-entry.js';
import { TimelineEntryEntity } from '../../../../projections/delivery-timeline/timeline-entry.entity.js';
import { DeliveryNotFound } from '../../../domain/delivery/delivery.errors.js';
import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import { HttpProblem } from '../../../http/error-body.js';
import { mayReach, type Principal } from '../../auth/principal.js';
import { CLOCK, type Clock } from '../../../config/clock.js';
import { ProjectionFreshness } from '../../projections/projection-freshness.js';
import { READ_MODELS } from '../../../adapters/read-models.js';

/** asOf: the ledger as it stood after a global position, or at a moment. */
export type AsOf = { readonly position: number } | { readonly recordedAt: string } | null;

export interface DeliveryTimelineRead {
  readonly entries: readonly TimelineEntry[];
  readonly story: DeliveryStory | null;
  /** Where it was computed from: the timeline projection, or the ledger's events themselves. */
  readonly computedFrom: 'read-model' | 'ledger';
  /** The delivery's events as read for it, in stream order (all of them, even when asOf cut some). */
  readonly events: readonly RecordedEvent[];
}

const TIMELINE = 'delivery-timeline';
const FRESHNESS_WAIT_MS = 1500;

const knownAt = (asOf: AsOf) => (event: RecordedEvent) =>
  asOf === null ||
  ('position' in asOf
    ? event.metadata.globalPosition <= asOf.position
    : Date.parse(event.metadata.recordedAt) <= Date.parse(asOf.recordedAt));

/**
 * A delivery's timeline for someone allowed to see it: from the timeline projection once it has caught
 * up with the ledger, else — and always for `asOf` — computed from the delivery's events.
 */
@Injectable()
export class DeliveryReadModel {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly dataSource: DataSource,
    private readonly freshness: ProjectionFreshness,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A point in the ledger's past: not beyond its head, not in the future. */
  async checkAsOf(asOf: AsOf): Promise<void> {
    if (asOf === null) return;
    if ('position' in asOf) {
      const head = await this.store.headPosition();
      if (asOf.position >= head) {
        throw new HttpProblem(
          400,
          'REQUEST.INVALID',
          `asOf ${asOf.position} is beyond the ledger (its last position is ${head - 1})`,
        );
      }
    } else if (Date.parse(asOf.recordedAt) > Date.parse(this.clock.now())) {
      throw new HttpProblem(400, 'REQUEST.INVALID', 'asOf is in the future');
    }
  }

  async timeline(
    deliveryId: string,
    reader: Principal,
    asOf: AsOf = null,
  ): Promise<DeliveryTimelineRead> {
    const events = await this.store.readStream(deliveryStreamId(deliveryId));
    this.authorize(deliveryId, events[0], reader);
    // Read-your-writes for this delivery: the projection need only have applied its last event, as
    // seen where its rows are read (a standby may lag behind the primary; then the ledger answers).
    const last = events.at(-1)!.metadata.globalPosition;
    if (
      asOf === null &&
      (await this.freshness.reachedForQueries(TIMELINE, last + 1, FRESHNESS_WAIT_MS))
    ) {
      const rows = await this.dataSource.getRepository(TimelineEntryEntity).find({
        where: { deliveryId },
        order: { globalPosition: 'ASC' },
      });
      // The rows and the events read must be the same ones: else tell the timeline from the events.
      const aligned =
        rows.length === events.length &&
        rows.every((row, i) => Number(row.globalPosition) === events[i]!.metadata.globalPosition);
      if (aligned) {
        const [kept] = await this.dataSource.query<{ story: DeliveryStory }[]>(
          `SELECT story FROM read.timeline_stories WHERE delivery_id = $1`,
          [deliveryId],
        );
        if (kept && kept.story.lastPosition === events.at(-1)?.metadata.globalPosition) {
          const entries = events.map((event, i) => {
            const row = rows[i]!;
            const told = toLedgerEvent(event);
            return entryFrom(told, {
              line: row.line,
              stateAfter: row.stateAfter,
              anomalies: row.anomalies as TimelineEntry['anomalies'],
              at: row.placedAt ?? eventTime(told),
            });
          });
          return {
            entries: inPlacedOrder(entries),
            story: kept.story,
            computedFrom: 'read-model',
            events,
          };
        }
      }
    }
    const { entries, story } = buildTimeline(events.filter(knownAt(asOf)).map(toLedgerEvent));
    return { entries, story: entries.length > 0 ? story : null, computedFrom: 'ledger', events };
  }

  /** Unknown, and a customer's look at someone else's delivery, answer alike: not found. */
  private authorize(
    deliveryId: string,
    first: { type: string; data: unknown } | undefined,
    reader: Principal,
  ): void {
    if (!first || first.type !== 'DeliveryScheduled') throw new DeliveryNotFound(deliveryId);
    if (!mayReach(reader, (first.data as { customerId: string }).customerId))
      throw new DeliveryNotFound(deliveryId);
  }
}
