import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';

import { CLOCK, type Clock } from '../../config/clock.js';
import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Instant } from '../../domain/shared/instant.js';
import type { Command, DomainEvent } from '../../domain/shared/message.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import { canonicalJson } from '../../event-store/canonical-event.js';
import {
  IdempotencyKeyReusedError,
  WrongExpectedRevisionError,
} from '../../event-store/event-store.errors.js';
import {
  EVENT_STORE,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '../../event-store/event-store.port.js';
import type { CommandRequest } from '../../http/command-request.js';
import { TIME_RULES } from '../../ledger.module.js';
import { LedgerMetrics } from '../../observability/ledger-metrics.js';
import type { DataKey } from '../../privacy/data-key.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { Pseudonyms } from '../../privacy/pseudonyms.js';
import { ConnectorRefusalLimiter } from '../auth/connector-refusal-limiter.js';
import { actorOf, connectorVendorOf, mayReach, type Principal } from '../auth/principal.js';
import { HttpProblem } from '../../http/error-body.js';
import { type CommandBody, foldHistory, type Ownership, type StreamKind } from './stream-kind.js';

/** Event ids of an append with an idempotency key are derived from it, so a retry carries the same ids. */
const EVENT_ID_NAMESPACE = '6f1d5c8e-3b9a-4e0f-9c61-2a7d4b8e5f13';

export interface CommandInput<C extends Command> {
  /** The entity the stream is about: a deliveryId, vehicleId, caseId, customerId. */
  readonly id: string;
  readonly command: CommandBody<C>;
  readonly request: CommandRequest;
  /** Where the command came from: `api` (the default), `oem:volvo`, `watchdog`… */
  readonly source?: string;
  /** The carmaker a webhook route speaks for (`/v1/oem/volvo/…`): a connector must be bound to it. */
  readonly vendor?: Vendor;
  /** The source's clock, when it said; the ledger's otherwise. */
  readonly occurredAt?: Instant;
  /** The ledger's moment, when the caller took it already for several commands; the clock's otherwise. */
  readonly now?: Instant;
  /** A key derived from ids the caller chose (grantId, commandId…), used without Idempotency-Key. */
  readonly naturalKey?: string;
  /** How often to decide again when another writer moved the stream on (default 1: the caller retries). */
  readonly attempts?: number;
}

export interface CommandResult<State> {
  readonly id: string;
  /** What this command stored, or what the first request with its idempotency key stored. */
  readonly events: readonly RecordedEvent[];
  readonly replayed: boolean;
  /** The stream's state after what was decided. */
  readonly state: State;
}

/** A rule's refusal, recorded and answered 422. */
const isRefusal = (event: { type: string }): boolean =>
  event.type === 'CommandRefused' || event.type === 'UnlockDenied';

/**
 * The one command pipeline, for every kind of stream: load, open personal fields, fold, check who may
 * reach it, answer a retry with what it stored, decide, seal personal fields, append at the revision
 * read. A concurrent writer makes the append a conflict (409), and nothing of it is stored.
 */
@Injectable()
export class CommandPipeline {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataKeys: DataKeys,
    private readonly vault: PersonalDataVault,
    private readonly pseudonyms: Pseudonyms,
    private readonly metrics: LedgerMetrics,
    @Inject(TIME_RULES) private readonly timeRules: TimeRules,
    private readonly refusals: ConnectorRefusalLimiter,
  ) {}

  async handle<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
  ): Promise<CommandResult<State>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.handleOnce(kind, input);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= (input.attempts ?? 1))
          throw error;
      }
    }
  }

  private async handleOnce<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
  ): Promise<CommandResult<State>> {
    const { id, request } = input;
    const streamId = kind.streamId(id);
    const history = await this.store.readStream(streamId);
    const state = foldHistory(kind, await this.vault.open(history));
    const customerId = authorize(
      kind.owner,
      { id, command: input.command, principal: request.principal, vendor: input.vendor },
      state,
      this.refusals,
    );

    const key = kind.idempotent ? (request.idempotencyKey ?? input.naturalKey ?? null) : null;
    const fingerprint = this.fingerprintOf(input.command);
    const stored = await this.storedAppend(streamId, history, key, fingerprint, request);
    if (stored) return { id, events: stored, replayed: true, state };

    const now = input.now ?? this.clock.now();
    const command = {
      ...input.command,
      metadata: { now, actor: actorOf(request.principal), timeRules: this.timeRules },
    } as C;
    const decided = kind.decide(command, state);
    if (decided.length === 0) return { id, events: [], replayed: false, state };
    const events = await this.sealed(kind, input, decided, { streamId, key, now, customerId });
    const result = await this.append(input, {
      streamId,
      expectedRevision: history.length === 0 ? 'no_stream' : history.length - 1,
      events,
      ...(key !== null ? { idempotency: { key, fingerprint } } : {}),
    });
    const replayed = result.status === 'duplicate';
    if (replayed) this.metrics.commandReplayed();
    else this.countDenials(result.events);
    const after = decided.reduce((s, event, i) => kind.evolve(s, event, history.length + i), state);
    return { id, events: result.events, replayed, state: after };
  }

  /**
   * What the command would decide now, storing nothing: a dry run through the same steps (load, open,
   * fold, ownership, decide). A rule's refusal throws as it would in `handle`.
   */
  async preview<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
  ): Promise<E[]> {
    const history = await this.store.readStream(kind.streamId(input.id));
    const state = foldHistory(kind, await this.vault.open(history));
    const { principal } = input.request;
    authorize(kind.owner, { ...input, principal }, state, this.refusals);
    const now = input.now ?? this.clock.now();
    const metadata = { now, actor: actorOf(principal), timeRules: this.timeRules };
    return kind.decide({ ...input.command, metadata } as C, state);
  }

  /**
   * The idempotency step. The stream was just read: only a key already in it needs its stored append
   * looked up. A request with the same key that lands after the read makes the append a conflict or
   * a duplicate.
   */
  private async storedAppend(
    streamId: string,
    history: readonly RecordedEvent[],
    key: string | null,
    fingerprint: string,
    request: CommandRequest,
  ): Promise<readonly RecordedEvent[] | null> {
    if (key === null || !history.some((event) => event.metadata.idempotencyKey === key))
      return null;
    const stored = await this.store.findAppend(streamId, key);
    if (stored?.fingerprint === fingerprint) {
      this.metrics.commandReplayed();
      return stored.events;
    }
    // A natural key reused with other data is an id reused: the decider names which one.
    if (stored && request.idempotencyKey !== null)
      throw new IdempotencyKeyReusedError(streamId, key);
    return null;
  }

  /**
   * What tells a retry from another request under the same idempotency key: a keyed hash (never a
   * plain one: commands carry positions, and a plain hash of a position can be found by trying them all).
   */
  private fingerprintOf(command: { type: string; data: object }): string {
    return this.pseudonyms.digest(
      'idempotency',
      canonicalJson({ type: command.type, data: command.data }),
    );
  }

  /**
   * The decided events as stored: personal fields sealed with the stream's data key (a courier's own
   * fields with that courier's key), bound to the event id.
   */
  private async sealed<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
    decided: readonly E[],
    at: { streamId: string; key: string | null; now: Instant; customerId: string | null },
  ): Promise<EventToAppend[]> {
    // A carmaker's signature over the request is stored with each fact it caused (the body sealed).
    const evidence = input.request.sourceSignature;
    const stored = evidence
      ? decided.map((event) => ({ ...event, data: { ...event.data, sourceSignature: evidence } }))
      : decided;
    // The key is made with the first personal field to seal; a destroyed one seals nothing ever again.
    const personal = stored.find((event) => this.vault.needsKey(event.type, event.data));
    const owner = personal && kind.dataKeyOf?.(input.id, personal, at.customerId);
    const dataKey: DataKey | null = owner
      ? await this.dataKeys.keyFor(owner.scope, owner.customerId)
      : null;
    const courierKeys = await this.courierKeys(kind, input.id, stored);
    return stored.map((event, index) => {
      const eventId =
        at.key === null
          ? randomUUID()
          : uuidv5(`${at.streamId}\n${at.key}\n${index}`, EVENT_ID_NAMESPACE);
      return {
        eventId,
        type: event.type,
        schemaVersion: kind.schemaVersions[event.type as E['type']],
        data: this.vault.seal(
          { customer: dataKey, courier: courierKeys.get(event) ?? null },
          event.type,
          eventId,
          event.data,
        ),
        context: {
          occurredAt: input.occurredAt ?? at.now,
          actor: actorOf(input.request.principal),
          source: input.source ?? 'api',
          correlationId: input.request.correlationId,
          causationId: input.request.requestId,
        },
      };
    });
  }

  /** Each event's courier key, for the events with a courier field to seal (the courier's own key). */
  private async courierKeys<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    id: string,
    events: readonly E[],
  ): Promise<Map<E, DataKey | null>> {
    const keys = new Map<E, DataKey | null>();
    for (const event of events) {
      if (!this.vault.needsKey(event.type, event.data, 'courier')) continue;
      const owner = kind.courierKeyOf?.(id, event);
      keys.set(event, owner ? await this.dataKeys.keyFor(owner.scope, owner.customerId) : null);
    }
    return keys;
  }

  /** A connector's refusal takes one of its places before it is stored, or is answered 429 unstored. */
  private async append(
    input: CommandInput<Command>,
    append: Parameters<EventStore['append']>[0],
  ): Promise<Awaited<ReturnType<EventStore['append']>>> {
    const connector = connectorOf(input.request.principal);
    const limited = connector !== null && append.events.some(isRefusal) ? connector : null;
    if (limited) this.refusals.reserve(limited.id);
    try {
      const result = await this.store.append(append);
      if (limited) this.refusals.settle(limited.id, result.status === 'appended');
      return result;
    } catch (error) {
      if (limited) this.refusals.settle(limited.id, false);
      throw error;
    }
  }

  private countDenials(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (event.type === 'UnlockDenied')
        this.metrics.denialRecorded(event.type, (event.data as { reason: string }).reason);
      if (event.type === 'CommandRefused')
        this.metrics.denialRecorded(event.type, (event.data as { code: string }).code);
    }
  }
}

/** The connector a command comes from, and the carmaker it is bound to. */
export interface Connector {
  readonly id: string;
  readonly vendor: Vendor;
}

export const connectorOf = (principal: Principal): Connector | null => {
  const vendor = connectorVendorOf(principal);
  return vendor === null ? null : { id: principal.id, vendor };
};

/**
 * The ownership step: a customer reaches only their own streams (someone else's is answered as the
 * kind says: a delivery as if it did not exist); a connector speaks only for its own carmaker, on its
 * route and about that carmaker's cars. Returns the stream's customer.
 */
export function authorize<C extends Command, State>(
  owner: Ownership<C, State> | undefined,
  input: {
    readonly id: string;
    readonly command: CommandBody<C>;
    readonly principal: Principal;
    readonly vendor?: Vendor;
  },
  state: State,
  refusals: ConnectorRefusalLimiter,
): string | null {
  const customerId = owner ? owner.customerOf(state, input.command) : null;
  if (owner && customerId === null && owner.unknown) throw owner.unknown(input.id);
  if (owner && customerId !== null && !mayReach(input.principal, customerId))
    throw owner.notYours(input.id, input.command);
  const connector = connectorOf(input.principal);
  if (connector) {
    if (input.vendor !== undefined && input.vendor !== connector.vendor)
      throw wrongVendor(refusals, connector, `it may not post to the ${input.vendor} routes`);
    if (owner?.vendorOf?.(state, input.command) !== connector.vendor)
      throw wrongVendor(refusals, connector, `this delivery's car is another carmaker's`);
  }
  return customerId;
}

/** Answered before anything is stored, and counted as one of the connector's refusals (429 past the limit). */
function wrongVendor(
  refusals: ConnectorRefusalLimiter,
  connector: Connector,
  why: string,
): HttpProblem {
  refusals.refused(connector.id);
  return new HttpProblem(
    403,
    'ACCESS.WRONG_VENDOR',
    `This connector is bound to ${connector.vendor}: ${why}`,
    { vendor: connector.vendor },
  );
}
