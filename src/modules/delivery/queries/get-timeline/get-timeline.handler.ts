import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';

import { isCourierReleased } from '../../../../domain/delivery/delivery.state.js';
import type { RecordedEvent } from '../../../../event-store/event-store.port.js';
import { foldRecordedDelivery } from '../../delivery-history.js';
import { DeliveryReader } from '../delivery-reader.js';
import { redactPersonalData } from '../personal-data-redaction.js';
import { type AsOf, GetTimelineQuery } from './get-timeline.query.js';
import type { Timeline } from './timeline.js';

const knownAt = (asOf: AsOf) => (event: RecordedEvent) =>
  asOf === null ||
  ('position' in asOf
    ? event.metadata.globalPosition <= asOf.position
    : Date.parse(event.metadata.recordedAt) <= Date.parse(asOf.recordedAt));

/**
 * Every event of a delivery in ledger order, with its envelope and hash. Personal fields are shown
 * to the customer whose delivery it is and replaced for everyone else (role views come with cases).
 */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery, Timeline> {
  constructor(@Inject(DeliveryReader) private readonly deliveries: DeliveryReader) {}

  async execute({ deliveryId, asOf, reader }: GetTimelineQuery): Promise<Timeline> {
    const { events } = await this.deliveries.read(deliveryId, reader);
    const known = events.filter(knownAt(asOf));
    const state = foldRecordedDelivery(known);
    const redact = reader.role !== 'customer';
    return {
      deliveryId,
      phase: state.phase,
      released: isCourierReleased(state),
      asOf,
      personalDataRedacted: redact,
      entries: known.map(({ type, data, metadata: m }) => ({
        globalPosition: m.globalPosition,
        streamRevision: m.streamRevision,
        eventId: m.eventId,
        type,
        schemaVersion: m.schemaVersion,
        occurredAt: m.occurredAt,
        recordedAt: m.recordedAt,
        actor: m.actor,
        source: m.source,
        correlationId: m.correlationId,
        causationId: m.causationId,
        hash: m.hash,
        data: redact ? redactPersonalData(type, data) : data,
      })),
    };
  }
}
