import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { courierSubjectStreamId } from '../../../domain/courier/courier.events.js';
import { deliveryStreamId } from '../../../domain/delivery/delivery.events.js';
import { isClosed } from '../../../domain/delivery/delivery.state.js';
import { holdsInForce, type LegalHold } from '../../../domain/subject/subject.decider.js';
import { subjectStreamId } from '../../../domain/subject/subject.events.js';
import { CLOCK, type Clock } from '../../../config/clock.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../../event-store/event-store.port.js';
import type { CommandRequest } from '../../../http/command-request.js';
import { type KeyScope, parseKeyScope } from '../../../privacy/data-key.js';
import { DataKeys } from '../../../privacy/data-keys.js';
import { deliveryStream } from '../../delivery/delivery.stream.js';
import { CommandPipeline } from '../../streams/command-pipeline.js';
import { courierSubjectStream } from '../../streams/courier-subject.stream.js';
import { foldHistory } from '../../streams/stream-kind.js';
import { subjectStream } from '../../streams/subject.stream.js';
import {
  CourierDataUnderLegalHold,
  CourierDeliveriesOpen,
  CourierNotFound,
} from './courier-erasure.errors.js';

/** A courier's key scope: their data on one delivery. */
export type CourierKeyScope = Extract<KeyScope, { kind: 'courier' }>;

export interface CourierErasureResult {
  readonly courierId: string;
  /** False when the courier had been erased already and nothing was left to shred. */
  readonly changed: boolean;
  readonly keysDestroyed: number;
  /** The scopes whose keys this erasure destroyed (one per delivery), and how many of each kind. */
  readonly destroyed: readonly CourierKeyScope[];
  readonly keysByKind: Readonly<Record<CourierKeyScope['kind'], number>>;
  readonly events: readonly RecordedEvent[];
}

function destroyedScopes(
  names: readonly string[],
): Pick<CourierErasureResult, 'keysDestroyed' | 'destroyed' | 'keysByKind'> {
  const destroyed = names
    .map(parseKeyScope)
    .filter((scope): scope is CourierKeyScope => scope?.kind === 'courier');
  return { keysDestroyed: names.length, destroyed, keysByKind: { courier: destroyed.length } };
}

/**
 * A courier's erasure (crypto-shredding): their positions and name, sealed under their own keys (one
 * per delivery), become unreadable; no customer's key is touched. CourierErased is recorded first.
 */
@Injectable()
export class CourierErasureService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataKeys: DataKeys,
    private readonly dataSource: DataSource,
    private readonly pipeline: CommandPipeline,
  ) {}

  /**
   * Refused with deliveries under way, or while a legal hold keeps the customer's data of one of the
   * courier's deliveries; asked again when nothing is left to shred, it changes nothing.
   */
  async erase(
    courierId: string,
    reason: string,
    request: CommandRequest,
  ): Promise<CourierErasureResult> {
    const keys = await this.dataKeys.keysOfCourier(courierId);
    if (keys.length === 0 && !(await this.isKnown(courierId))) throw new CourierNotFound(courierId);
    const live = keys.filter((key) => key.wrapped !== null);
    const subject = foldHistory(
      courierSubjectStream,
      await this.store.readStream(courierSubjectStreamId(courierId)),
    );
    if (subject.erasedAt !== null && live.length === 0)
      return { courierId, changed: false, ...destroyedScopes([]), events: [] };
    await this.refuseOpenOrHeld(
      courierId,
      live.map((key) => parseKeyScope(key.scope)).filter((s) => s?.kind === 'courier'),
    );

    const { events } = await this.pipeline.handle(courierSubjectStream, {
      id: courierId,
      command: { type: 'EraseCourier', data: { courierId, reason } },
      request,
    });
    const destroyed = await this.dataKeys.destroyCourier(courierId, `erasure: ${reason}`);
    return { courierId, changed: true, ...destroyedScopes(destroyed), events };
  }

  /** Known: the ledger has a key of the courier, a delivery naming them, or their subject stream. */
  private async isKnown(courierId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM read.delivery_summaries WHERE courier_ids @> ARRAY[$1]::text[]) AS found`,
      [courierId],
    );
    if (row?.found) return true;
    const stream = await this.store.readStream(courierSubjectStreamId(courierId), { maxCount: 1 });
    return stream.length > 0;
  }

  /** The deliveries whose courier data would go, told from the ledger itself. */
  private async refuseOpenOrHeld(
    courierId: string,
    scopes: readonly (KeyScope | null)[],
  ): Promise<void> {
    const open: string[] = [];
    const held = new Map<string, string[]>();
    const holdsOf = new Map<string, readonly LegalHold[]>();
    const now = this.clock.now();
    for (const scope of scopes) {
      if (scope?.kind !== 'courier') continue;
      const state = foldHistory(
        deliveryStream,
        await this.store.readStream(deliveryStreamId(scope.deliveryId)),
      );
      if (state.phase !== 'unscheduled' && !isClosed(state)) open.push(scope.deliveryId);
      const customerId = state.delivery?.customerId;
      if (!customerId) continue;
      if (!holdsOf.has(customerId)) {
        const history = await this.store.readStream(subjectStreamId(customerId));
        holdsOf.set(customerId, holdsInForce(foldHistory(subjectStream, history), now));
      }
      // A case's hold names its case; compliance's own hold is named `compliance`.
      for (const hold of holdsOf.get(customerId)!) {
        const by = hold.caseId ?? 'compliance';
        held.set(by, [...(held.get(by) ?? []), scope.deliveryId]);
      }
    }
    if (open.length > 0) throw new CourierDeliveriesOpen(courierId, open.sort());
    if (held.size > 0) {
      const deliveryIds = [...new Set([...held.values()].flat())].sort();
      throw new CourierDataUnderLegalHold(courierId, [...held.keys()].sort(), deliveryIds);
    }
  }
}
