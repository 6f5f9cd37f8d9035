import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CLOCK, type Clock } from '../../../config/clock.js';
import {
  dataAccessStreamId,
  type PersonalDataViewed,
} from '../../../domain/data-access/data-access.events.js';
import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import { isClosed } from '../../../domain/delivery/delivery.state.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import { holdsInForce, type LegalHold } from '../../../domain/subject/subject.decider.js';
import { subjectStreamId } from '../../../domain/subject/subject.events.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import { type KeyScope, parseKeyScope } from '../../../privacy/data-key.js';

/** The scopes of a customer's own keys (a courier's never are). */
type CustomerKeyScope = Exclude<KeyScope, { kind: 'courier' }>;
import { DataKeys } from '../../../privacy/data-keys.js';
import { PhotoVault } from '../../../privacy/photo-vault.js';
import type { CommandRequest } from '../../../http/command-request.js';
import { HttpProblem } from '../../../http/error-body.js';
import { mayReach, type Principal } from '../../auth/principal.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { deliveryStream } from '../../delivery/delivery.stream.js';
import { foldHistory } from '../../streams/stream-kind.js';
import { subjectStream } from '../../streams/subject.stream.js';

export class SubjectNotFound extends DomainError {
  constructor(customerId: string) {
    super('SUBJECT.NOT_FOUND', `The ledger holds no data of customer ${customerId}`, 'not_found', {
      customerId,
    });
  }
}

export class OpenDeliveries extends DomainError {
  constructor(customerId: string, deliveryIds: readonly string[]) {
    super(
      'SUBJECT.OPEN_DELIVERIES',
      `Customer ${customerId} has deliveries under way (${deliveryIds.join(', ')}): complete or cancel them before erasure`,
      'conflict',
      { customerId, deliveryIds },
    );
  }
}

export interface ErasureResult {
  readonly customerId: string;
  /** False when the customer had been erased already and nothing was left to shred. */
  readonly changed: boolean;
  readonly keysDestroyed: number;
  /** The scopes whose keys this erasure destroyed, and how many of each kind. */
  readonly destroyed: readonly CustomerKeyScope[];
  readonly keysByKind: Readonly<Record<CustomerKeyScope['kind'], number>>;
  readonly photosDeleted: number;
  readonly events: readonly RecordedEvent[];
}

export interface AccessLogEntry {
  readonly viewedAt: string;
  readonly viewer: { readonly id: string; readonly role: string };
  readonly caseId: string | null;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly subject: string;
  readonly deliveryId: string | null;
  readonly globalPosition: number;
  readonly eventId: string;
  readonly hash: string;
}

const deliveryOfScope = (name: string) => {
  const scope = parseKeyScope(name);
  return scope?.kind === 'delivery' ? scope.deliveryId : null;
};

/** What an erasure answers it destroyed: each scope, and a count per kind. */
function destroyedScopes(
  names: readonly string[],
): Pick<ErasureResult, 'keysDestroyed' | 'destroyed' | 'keysByKind'> {
  const destroyed = names
    .map(parseKeyScope)
    .filter((scope): scope is CustomerKeyScope => scope !== null && scope.kind !== 'courier');
  const keysByKind = { delivery: 0, vehicle: 0 };
  for (const scope of destroyed) keysByKind[scope.kind] += 1;
  return { keysDestroyed: names.length, destroyed, keysByKind };
}

/** A customer's rights over their data: who looked at it, and its erasure (crypto-shredding). */
@Injectable()
export class SubjectsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataKeys: DataKeys,
    private readonly photos: PhotoVault,
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
  ) {}

  /** A customer reaches only their own subject routes. */
  authorize(reader: Principal, customerId: string): void {
    if (!mayReach(reader, customerId)) {
      throw new HttpProblem(
        403,
        'ACCESS.NOT_YOURS',
        "A customer reaches only their own data's routes",
      );
    }
  }

  async accessLog(
    customerId: string,
    reader: Principal,
    page: { fromRevision: number; limit: number },
  ): Promise<{ entries: AccessLogEntry[]; nextRevision: number | null }> {
    this.authorize(reader, customerId);
    if (reader.role !== 'customer' && !(await this.isKnown(customerId)))
      throw new SubjectNotFound(customerId);
    const events = await this.store.readStream(dataAccessStreamId(customerId), {
      fromRevision: page.fromRevision,
      maxCount: page.limit + 1,
    });
    const entries = events.slice(0, page.limit).map((event) => {
      const data = event.data as PersonalDataViewed['data'];
      return {
        viewedAt: event.metadata.recordedAt,
        viewer: { id: data.viewerId, role: data.role },
        caseId: data.caseId,
        purpose: data.purpose,
        fields: data.fields,
        subject: data.subject,
        deliveryId: data.deliveryId,
        globalPosition: event.metadata.globalPosition,
        eventId: event.metadata.eventId,
        hash: event.metadata.hash,
      };
    });
    const next = events[page.limit];
    return { entries, nextRevision: next ? next.metadata.streamRevision : null };
  }

  /**
   * Erasure: refused under a legal hold or with deliveries under way; otherwise SubjectErased is
   * recorded first, then every data key of the customer is destroyed and their photos deleted. Asked
   * again when nothing is left to shred, it changes nothing.
   */
  async erase(customerId: string, reason: string, request: CommandRequest): Promise<ErasureResult> {
    this.authorize(request.principal, customerId);
    const keys = await this.dataKeys.keysOf(customerId);
    if (!(await this.isKnown(customerId, keys.length))) throw new SubjectNotFound(customerId);
    const live = keys.filter((key) => key.wrapped !== null);
    const subject = foldHistory(
      subjectStream,
      await this.store.readStream(subjectStreamId(customerId)),
    );
    if (subject.erasedAt !== null && live.length === 0) {
      return { customerId, changed: false, ...destroyedScopes([]), photosDeleted: 0, events: [] };
    }
    await this.refuseOpenDeliveries(
      customerId,
      keys.map((key) => key.scope),
    );

    const { events } = await this.pipeline.handle(subjectStream, {
      id: customerId,
      command: { type: 'EraseSubject', data: { customerId, reason } },
      request,
    });
    const destroyed = await this.dataKeys.destroy(customerId, `erasure: ${reason}`);
    let photosDeleted = 0;
    for (const scope of keys.map((key) => key.scope)) {
      const deliveryId = deliveryOfScope(scope);
      if (deliveryId) photosDeleted += await this.photos.deleteDelivery(deliveryId);
    }
    return { customerId, changed: true, ...destroyedScopes(destroyed), photosDeleted, events };
  }

  /**
   * Compliance's explicit legal hold: the customer's data is kept, and erasure refused, until `until`,
   * whatever becomes of the cases that hold it. An unknown customer is 404, nothing stored.
   */
  async placeHold(
    customerId: string,
    hold: { reason: string; until: string },
    request: CommandRequest,
  ): Promise<{ events: readonly RecordedEvent[]; holds: readonly LegalHold[] }> {
    if (!(await this.isKnown(customerId))) throw new SubjectNotFound(customerId);
    const now = this.clock.now();
    const { state, events } = await this.pipeline.handle(subjectStream, {
      id: customerId,
      command: {
        type: 'PlaceLegalHold',
        data: { customerId, caseId: null, until: hold.until, reason: hold.reason },
      },
      request,
      now,
      attempts: 5,
    });
    return { events, holds: holdsInForce(state, now) };
  }

  /** Known: the ledger has a key, a delivery or a subject stream of the customer. */
  async isKnown(customerId: string, keyCount?: number): Promise<boolean> {
    if ((keyCount ?? (await this.dataKeys.keysOf(customerId)).length) > 0) return true;
    const [row] = await this.dataSource.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM read.delivery_summaries WHERE customer_id = $1) AS found`,
      [customerId],
    );
    if (row?.found) return true;
    return (await this.store.readStream(subjectStreamId(customerId), { maxCount: 1 })).length > 0;
  }

  /** Deliveries under way, told from the ledger (the summary only says which deliveries to look at). */
  private async refuseOpenDeliveries(customerId: string, scopes: readonly string[]): Promise<void> {
    const rows = await this.dataSource.query<{ delivery_id: string }[]>(
      `SELECT delivery_id FROM read.delivery_summaries WHERE customer_id = $1`,
      [customerId],
    );
    const candidates = new Set([
      ...rows.map((row) => row.delivery_id),
      ...scopes.map(deliveryOfScope).filter((id): id is string => id !== null),
    ]);
    const open: string[] = [];
    for (const deliveryId of candidates) {
      const history = await this.store.readStream(deliveryStreamId(deliveryId));
      const state = foldHistory(deliveryStream, history);
      if (state.phase !== 'unscheduled' && !isClosed(state)) open.push(deliveryId);
    }
    if (open.length > 0) throw new OpenDeliveries(customerId, open.sort());
  }
}
