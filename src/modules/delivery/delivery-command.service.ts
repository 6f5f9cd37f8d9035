import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';

import { CLOCK, type Clock } from '../../config/clock.js';
import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import { decideDelivery } from '../../domain/delivery/delivery.decide.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';
import {
  DELIVERY_EVENT_SCHEMA_VERSIONS,
  type DeliveryEvent,
  deliveryStreamId,
} from '../../domain/delivery/delivery.events.js';
import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Instant } from '../../domain/shared/instant.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import { canonicalJson } from '../../event-store/canonical-event.js';
import { IdempotencyKeyReusedError } from '../../event-store/event-store.errors.js';
import {
  EVENT_STORE,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../../event-store/event-store.port.js';
import { HttpProblem } from '../../http/error-body.js';
import { TIME_RULES } from '../../ledger.module.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import { type DataKey, deliveryKeyScope } from '../../privacy/data-key.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import { ConnectorRefusalLimiter } from '../auth/connector-refusal-limiter.js';
import { actorOf, connectorVendorOf } from '../auth/principal.js';
import type { CommandRequest } from '../../http/command-request.js';
import { foldRecordedDelivery } from './delivery-history.js';

/** Event ids of an append with an idempotency key are derived from it, so a retry carries the same ids. */
const EVENT_ID_NAMESPACE = '6f1d5c8e-3b9a-4e0f-9c61-2a7d4b8e5f13';

export interface DeliveryCommandInput {
  readonly deliveryId: string;
  readonly command: Omit<DeliveryCommand, 'metadata'>;
  readonly request: CommandRequest;
  /** Where the command came from: `api`, `oem:volvo`… */
  readonly source: string;
  /** The carmaker a webhook route speaks for (`/v1/oem/volvo/…`): a connector must be bound to it. */
  readonly vendor?: Vendor;
  /** The source's clock, when it said; the ledger's otherwise. */
  readonly occurredAt?: Instant;
  /** A key derived from ids the caller chose (grantId, commandId…), used without Idempotency-Key. */
  readonly naturalKey?: string;
}

export interface DeliveryCommandResult {
  readonly deliveryId: string;
  /** What this command stored, or what the first request with its idempotency key stored. */
  readonly events: readonly RecordedEvent[];
  readonly replayed: boolean;
}

/**
 * What tells a retry from another request under the same idempotency key: a keyed hash (never a plain
 * one: commands carry positions, and a plain hash of a position can be found by trying them all).
 */
export const fingerprintOf = (
  pseudonyms: Pseudonyms,
  command: Omit<DeliveryCommand, 'metadata'>,
): string =>
  pseudonyms.digest('idempotency', canonicalJson({ type: command.type, data: command.data }));

/** Whose delivery it is: told by its first event, or by the command that schedules it. */
function customerOf(
  history: readonly RecordedEvent[],
  command: Omit<DeliveryCommand, 'metadata'>,
): string | null {
  const first = history[0];
  if (first?.type === 'DeliveryScheduled') return (first.data as { customerId: string }).customerId;
  if (first === undefined && command.type === 'ScheduleDelivery')
    return (command.data as { customerId: string }).customerId;
  return null;
}

/** Whose car it is: told by the delivery's first event, or by the command that schedules it. */
function vendorOf(
  history: readonly RecordedEvent[],
  command: Omit<DeliveryCommand, 'metadata'>,
): Vendor | null {
  const first = history[0];
  if (first?.type === 'DeliveryScheduled') return (first.data as { vendor: Vendor }).vendor;
  if (first === undefined && command.type === 'ScheduleDelivery')
    return (command.data as { vendor: Vendor }).vendor;
  return null;
}

/** The connector a command comes from, and the carmaker it is bound to; null for other callers. */
interface Connector {
  readonly id: string;
  readonly vendor: Vendor;
}

const connectorOf = ({ principal }: CommandRequest): Connector | null => {
  const vendor = connectorVendorOf(principal);
  return vendor === null ? null : { id: principal.id, vendor };
};

/** A rule's refusal, recorded and answered 422. */
const isRefusal = (event: DeliveryEvent): boolean =>
  event.type === 'CommandRefused' || event.type === 'UnlockDenied';

/**
 * The shell around the decider: load the stream, open its personal fields, decide, seal the personal
 * fields of what was decided with the delivery's data key, append at the revision it was loaded at.
 */
@Injectable()
export class DeliveryCommandService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DataKeys) private readonly dataKeys: DataKeys,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(Pseudonyms) private readonly pseudonyms: Pseudonyms,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(TIME_RULES) private readonly timeRules: TimeRules,
    @Inject(ConnectorRefusalLimiter) private readonly refusals: ConnectorRefusalLimiter,
  ) {}

  async execute(input: DeliveryCommandInput): Promise<DeliveryCommandResult> {
    const { deliveryId, request } = input;
    const streamId = deliveryStreamId(deliveryId);
    const connector = connectorOf(request);
    const history = await this.store.readStream(streamId);
    const customerId = this.authorize(input, history, connector);

    const key = request.idempotencyKey ?? input.naturalKey ?? null;
    const fingerprint = fingerprintOf(this.pseudonyms, input.command);
    // The stream was just read: only a key already in it needs its stored append looked up. A request
    // with the same key that lands after the read makes the append below a conflict or a duplicate.
    if (key !== null && history.some((event) => event.metadata.idempotencyKey === key)) {
      const stored = await this.store.findAppend(streamId, key);
      if (stored?.fingerprint === fingerprint) {
        this.metrics.commandReplayed();
        return { deliveryId, events: stored.events, replayed: true };
      }
      // A natural key reused with other data is an id reused: the decider names which one.
      if (stored && request.idempotencyKey !== null)
        throw new IdempotencyKeyReusedError(streamId, key);
    }

    const now = this.clock.now();
    const command = {
      ...input.command,
      metadata: { now, actor: actorOf(request.principal), timeRules: this.timeRules },
    } as DeliveryCommand;
    const state = foldRecordedDelivery(await this.vault.open(history));
    const decided = decideDelivery(command, state);
    if (decided.length === 0) return { deliveryId, events: [], replayed: false };
    // The key is made with the first personal field to seal; a destroyed one seals nothing ever again.
    const dataKey = decided.some((event) => this.vault.needsKey(event.type, event.data))
      ? await this.dataKeys.keyFor(deliveryKeyScope(deliveryId), customerId)
      : null;

    // A connector's refusal takes one of its places before it is stored, or is answered 429 unstored.
    const limitedRefusal = connector !== null && decided.some(isRefusal) ? connector : null;
    if (limitedRefusal) this.refusals.reserve(limitedRefusal.id);
    let result: Awaited<ReturnType<EventStore['append']>>;
    try {
      result = await this.store.append({
        streamId,
        expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1,
        events: decided.map((event, index) =>
          this.toAppend(event, index, input, streamId, key, now, dataKey),
        ),
        ...(key !== null ? { idempotency: { key, fingerprint } } : {}),
      });
    } catch (error) {
      if (limitedRefusal) this.refusals.settle(limitedRefusal.id, false);
      throw error;
    }
    if (limitedRefusal) this.refusals.settle(limitedRefusal.id, result.status === 'appended');
    if (result.status === 'duplicate') this.metrics.commandReplayed();
    else this.countDenials(result.events);
    return {
      deliveryId,
      events: result.events,
      replayed: result.status === 'duplicate',
    };
  }

  private countDenials(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.type === 'UnlockDenied')
        this.metrics.denialRecorded(event.type, (event.data as { reason: string }).reason);
      if (event.type === 'CommandRefused')
        this.metrics.denialRecorded(event.type, (event.data as { code: string }).code);
    }
  }

  /**
   * A customer reaches only their own deliveries; anyone else's look as if they did not exist. A
   * connector speaks only for its own carmaker: on its route, and about that carmaker's cars.
   */
  private authorize(
    input: DeliveryCommandInput,
    history: readonly RecordedEvent[],
    connector: Connector | null,
  ): string {
    const { principal } = input.request;
    const customerId = customerOf(history, input.command);
    if (customerId === null) throw new DeliveryNotFound(input.deliveryId);
    if (principal.role === 'customer' && customerId !== principal.id) {
      throw new DeliveryNotFound(input.deliveryId);
    }
    if (connector) {
      if (input.vendor !== undefined && input.vendor !== connector.vendor)
        throw this.wrongVendor(connector, `it may not post to the ${input.vendor} routes`);
      if (vendorOf(history, input.command) !== connector.vendor)
        throw this.wrongVendor(connector, `this delivery's car is another carmaker's`);
    }
    return customerId;
  }

  /** Answered before anything is stored, and counted as one of the connector's refusals (429 past the limit). */
  private wrongVendor(connector: Connector, why: string): HttpProblem {
    this.refusals.refused(connector.id);
    return new HttpProblem(
      403,
      'ACCESS.WRONG_VENDOR',
      `This connector is bound to ${connector.vendor}: ${why}`,
      { vendor: connector.vendor },
    );
  }

  private toAppend(
    event: DeliveryEvent,
    index: number,
    input: DeliveryCommandInput,
    streamId: string,
    key: string | null,
    now: Instant,
    dataKey: DataKey | null,
  ): EventToAppend {
    const eventId =
      key === null ? randomUUID() : uuidv5(`${streamId}\n${key}\n${index}`, EVENT_ID_NAMESPACE);
    return {
      eventId,
      type: event.type,
      schemaVersion: DELIVERY_EVENT_SCHEMA_VERSIONS[event.type],
      data: this.vault.seal(dataKey, event.type, eventId, event.data),
      context: {
        occurredAt: input.occurredAt ?? now,
        actor: actorOf(input.request.principal),
        source: input.source,
        correlationId: input.request.correlationId,
        causationId: input.request.requestId,
      },
    };
  }
}
