import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';

import { DeliveryReadModel } from '../delivery-read-model.js';
import { redactPersonalData } from '../personal-data-redaction.js';
import { GetTimelineQuery } from './get-timeline.query.js';
import type { Timeline } from './timeline.js';

/**
 * A delivery's proof timeline: every event in ledger order with its envelope and hash, a plain line
 * and the state after it. Personal fields are shown to the customer whose delivery it is and replaced
 * for everyone else (role views with cases come with the privacy work).
 */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery, Timeline> {
  constructor(@Inject(DeliveryReadModel) private readonly deliveries: DeliveryReadModel) {}

  async execute({ deliveryId, asOf, reader }: GetTimelineQuery): Promise<Timeline> {
    await this.deliveries.checkAsOf(asOf);
    const { entries, story, computedFrom } = await this.deliveries.timeline(
      deliveryId,
      reader,
      asOf,
    );
    const redact = reader.role !== 'customer';
    return {
      deliveryId,
      phase: story?.state.phase ?? 'unscheduled',
      released: story?.state.lockConfirmation != null,
      asOf,
      computedFrom,
      personalDataRedacted: redact,
      entries: entries.map(({ deliveryId: _delivery, data, ...entry }) => ({
        ...entry,
        data: redact ? redactPersonalData(entry.type, data) : data,
      })),
    };
  }
}
