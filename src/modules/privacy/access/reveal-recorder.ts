import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import {
  DATA_ACCESS_EVENT_SCHEMA_VERSIONS,
  dataAccessStreamId,
  type PersonalDataViewed,
} from '../../../domain/data-access/data-access.events.js';
import {
  COURIER_ACCESS_EVENT_SCHEMA_VERSIONS,
  courierAccessStreamId,
  type CourierDataViewed,
} from '../../../domain/courier/courier.events.js';
import type { PersonalDataKind } from '../../../domain/shared/personal-data.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import {
  type UnconfirmedAppends,
  whileUnconfirmed,
} from '../../../event-store/unconfirmed-appends.js';
import type { Principal } from '../../auth/principal.js';

export interface Reveal {
  readonly reader: Principal;
  readonly customerId: string;
  readonly caseId: string | null;
  readonly purpose: string;
  readonly fields: Iterable<PersonalDataKind>;
  readonly subject: string;
  readonly deliveryId: string | null;
  readonly correlationId?: string;
  /** Recorded even when nothing is shown in clear: a subject access export always is. */
  readonly evenIfNothingShown?: boolean;
  /** The request's count of appends it waits on: a reveal held by the store is 503 STORE.UNAVAILABLE. */
  readonly unconfirmed?: UnconfirmedAppends | undefined;
}

/** A reveal of a courier's precise data (where they stood), by whom, under which case. */
export interface CourierReveal extends Omit<Reveal, 'customerId'> {
  readonly courierId: string;
}

/**
 * Records a reveal of precise personal data in the subject's access log before the data leaves:
 * `data-access-{customerId}` for a customer's, `courier-access-{courierId}` for a courier's. The
 * caller awaits this and answers only once it is stored, so a failed append means no data returned.
 */
@Injectable()
export class RevealRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(reveal: Reveal): Promise<void> {
    const fields = [...new Set(reveal.fields)].sort();
    if (fields.length === 0 && !reveal.evenIfNothingShown) return;
    const data: PersonalDataViewed['data'] = {
      customerId: reveal.customerId,
      ...this.viewed(reveal, fields),
    };
    await this.append(reveal, dataAccessStreamId(reveal.customerId), {
      type: 'PersonalDataViewed',
      schemaVersion: DATA_ACCESS_EVENT_SCHEMA_VERSIONS.PersonalDataViewed,
      data,
    });
  }

  async recordCourier(reveal: CourierReveal): Promise<void> {
    const fields = [...new Set(reveal.fields)].sort();
    if (fields.length === 0) return;
    const data: CourierDataViewed['data'] = {
      courierId: reveal.courierId,
      ...this.viewed(reveal, fields),
    };
    await this.append(reveal, courierAccessStreamId(reveal.courierId), {
      type: 'CourierDataViewed',
      schemaVersion: COURIER_ACCESS_EVENT_SCHEMA_VERSIONS.CourierDataViewed,
      data,
    });
  }

  private viewed(reveal: Omit<Reveal, 'customerId'>, fields: PersonalDataKind[]) {
    return {
      viewerId: reveal.reader.id,
      role: reveal.reader.role,
      caseId: reveal.caseId,
      purpose: reveal.purpose,
      fields,
      subject: reveal.subject,
      deliveryId: reveal.deliveryId,
    };
  }

  private async append(
    reveal: Omit<Reveal, 'customerId'>,
    streamId: string,
    event: { type: string; schemaVersion: number; data: object },
  ): Promise<void> {
    const now = this.clock.now();
    const requestId = randomUUID();
    await whileUnconfirmed(reveal.unconfirmed, () =>
      this.store.append({
        streamId,
        expectedRevision: 'any',
        events: [
          {
            eventId: randomUUID(),
            ...event,
            context: {
              occurredAt: now,
              actor: reveal.reader,
              source: 'api',
              correlationId: reveal.correlationId ?? requestId,
              causationId: requestId,
            },
          },
        ],
      }),
    );
  }
}
