import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../../config/clock.js';
import {
  DATA_ACCESS_EVENT_SCHEMA_VERSIONS,
  dataAccessStreamId,
  type PersonalDataViewed,
} from '../../../domain/data-access/data-access.events.js';
import type { PersonalDataKind } from '../../../domain/shared/personal-data.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
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
}

/**
 * Records a reveal of precise personal data in `data-access-{customerId}` before the data leaves: the
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
    const now = this.clock.now();
    const requestId = randomUUID();
    const data: PersonalDataViewed['data'] = {
      customerId: reveal.customerId,
      viewerId: reveal.reader.id,
      role: reveal.reader.role,
      caseId: reveal.caseId,
      purpose: reveal.purpose,
      fields,
      subject: reveal.subject,
      deliveryId: reveal.deliveryId,
    };
    await this.store.append({
      streamId: dataAccessStreamId(reveal.customerId),
      expectedRevision: 'any',
      events: [
        {
          eventId: randomUUID(),
          type: 'PersonalDataViewed',
          schemaVersion: DATA_ACCESS_EVENT_SCHEMA_VERSIONS.PersonalDataViewed,
          data,
          context: {
            occurredAt: now,
            actor: reveal.reader,
            source: 'api',
            correlationId: reveal.correlationId ?? requestId,
            causationId: requestId,
          },
        },
      ],
    });
  }
}
