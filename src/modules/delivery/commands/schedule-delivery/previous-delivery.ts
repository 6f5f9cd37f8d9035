import { Inject, Injectable } from '@nestjs/common';

import { deliveryStreamId } from '../../../../domain/delivery/delivery.events.js';
import { EVENT_STORE, type EventStore } from '../../../../event-store/event-store.port.js';
import { HttpProblem } from '../../../../http/error-body.js';
import { foldHistory } from '../../../streams/stream-kind.js';
import { deliveryStream } from '../../delivery.stream.js';

/**
 * A re-delivery names its earlier attempt: a delivery of the same customer. Anything else — unknown,
 * another customer's, itself — is the same 422, stored nothing, and tells nothing of other customers.
 */
@Injectable()
export class PreviousDelivery {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async check(deliveryId: string, previousDeliveryId: string, customerId: string): Promise<void> {
    const previous =
      previousDeliveryId === deliveryId
        ? null
        : foldHistory(
            deliveryStream,
            await this.store.readStream(deliveryStreamId(previousDeliveryId)),
          ).delivery;
    if (previous?.customerId !== customerId) {
      throw new HttpProblem(
        422,
        'DELIVERY.PREVIOUS_UNKNOWN',
        `No earlier delivery ${previousDeliveryId} of this customer to re-deliver`,
        { previousDeliveryId },
      );
    }
  }
}
