import { Inject, Injectable } from '@nestjs/common';

import { DeliveryNotFound } from '../../../domain/delivery/delivery.errors.js';
import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import type { DeliveryState } from '../../../domain/delivery/delivery.state.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import type { Principal } from '../../auth/principal.js';
import { foldRecordedDelivery } from '../delivery-history.js';

export interface DeliveryHistory {
  readonly events: readonly RecordedEvent[];
  readonly state: DeliveryState;
}

/** Reads a delivery's stream for someone allowed to see it; a customer sees only their own. */
@Injectable()
export class DeliveryReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(deliveryId: string, reader: Principal): Promise<DeliveryHistory> {
    const events = await this.store.readStream(deliveryStreamId(deliveryId));
    const state = foldRecordedDelivery(events);
    const hidden = reader.role === 'customer' && state.delivery?.customerId !== reader.id;
    if (state.phase === 'unscheduled' || hidden) throw new DeliveryNotFound(deliveryId);
    return { events, state };
  }
}
