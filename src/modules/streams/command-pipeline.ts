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
import { whileUnconfirmed } from '../../event-store/unconfirmed-appends.js';
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
import {
  type CommandBody,
  foldHistory,
  foldOnto,
  type Ownership,
  type StreamKind,
} from './stream-kind.js';
import { StreamStates } from './stream-states.js';

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

/** How many streams' states a process keeps between commands (a delivery's is a few kB). */
const KEPT_STREAMS = 10_000;

/** A stream as a command begins with it: read now, or kept from this process's last command on it. */
interface LoadedStream<State> {
  readonly state: State;
  /** The revision of its last event; -1 when it has none. */
  readonly revision: number;
  readonly idempotencyKeys: ReadonlySet<string>;
  /** Kept, not read: the stream may have moved on in another process since. */
  readonly kept: boolean;
  /** This process's appends to the stream when the command began with it. */
  readonly localAppends: number;
}

/** A kept state turned out to be behind the stream: the command is decided again on a fresh read. */
class StaleStream extends Error {}

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
  private readonly states: StreamStates;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataKeys: DataKeys,
    private readonly vault: PersonalDataVault,
    private readonly pseudonyms: Pseudonyms,
    private readonly metrics: LedgerMetrics,
    @Inject(TIME_RULES) private readonly timeRules: TimeRules,
    private readonly refusals: ConnectorRefusalLimiter,
  ) {
    // Opened fields are kept no longer than the keys that opened them, and never past their erasure.
    this.states = new StreamStates({ ttlMs: dataKeys.cacheTtlMs, maxStreams: KEPT_STREAMS });
    dataKeys.onDestroy(() => this.states.forgetAll());
  }

  async handle<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
  ): Promise<CommandResult<State>> {
    const streamId = kind.streamId(input.id);
    const done = this.states.begin(streamId);
    try {
      let mayUseKept = true;
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.handleOnce(kind, input, streamId, mayUseKept);
        } catch (error) {
          if (error instanceof StaleStream) {
            // Not the caller's conflict: the state kept here was behind. Decided again, read afresh.
            mayUseKept = false;
            attempt -= 1;
            continue;
          }
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= (input.attempts ?? 1))
            throw error;
        }
      }
    } finally {
      done();
    }
  }

  private async handleOnce<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
    streamId: string,
    mayUseKept: boolean,
  ): Promise<CommandResult<State>> {
    const kept = mayUseKept ? this.states.take<State>(streamId, kind) : null;
    const localAppends = this.states.appendsTo(streamId);
    const loaded: LoadedStream<State> = kept
      ? { ...kept, kept: true, localAppends }
      : await this.load(kind, streamId, localAppends);
    try {
      const result = await this.decideAndAppend(kind, input, streamId, loaded);
      // Nothing stored on a kept state: it holds only if nothing was stored since it was kept.
      if (loaded.kept && result.events.length === 0) await this.checkNotBehind(streamId, loaded);
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.states.forget(streamId);
      if (loaded.kept && !(error instanceof StaleStream)) {
        // Another command here appended since this one began: a race as with a read, the caller's 409.
        const raced = this.states.appendsTo(streamId) !== loaded.localAppends;
        if (error instanceof WrongExpectedRevisionError && !raced) throw new StaleStream();
        if (!(error instanceof WrongExpectedRevisionError))
          await this.checkNotBehind(streamId, loaded, error);
      }
      throw error;
    }
  }

  /** The stream read, opened and folded now; kept for the next command on it. */
  private async load<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    streamId: string,
    localAppends: number,
  ): Promise<LoadedStream<State>> {
    const opened = this.states.openedNow();
    const history = await this.store.readStream(streamId);
    const state = foldHistory(kind, await this.vault.open(history));
    const idempotencyKeys = new Set<string>();
    for (const event of history)
      if (event.metadata.idempotencyKey) idempotencyKeys.add(event.metadata.idempotencyKey);
    const revision = history.length - 1;
    this.states.keep(streamId, { kind, state, revision, idempotencyKeys }, opened);
    return { state, revision, idempotencyKeys, kept: false, localAppends };
  }

  /**
   * Throws StaleStream when the stream holds events after the kept revision (the command is then
   * decided again on them); otherwise the outcome stands. `outcome` is what to throw when the check
   * itself fails: the command's own error, not the check's.
   */
  private async checkNotBehind(
    streamId: string,
    loaded: LoadedStream<unknown>,
    outcome?: unknown,
  ): Promise<void> {
    let later: readonly RecordedEvent[];
    try {
      later = await this.store.readStream(streamId, {
        fromRevision: loaded.revision + 1,
        maxCount: 1,
      });
    } catch (error) {
      throw outcome ?? error;
    }
    if (later.length > 0) {
      this.states.forget(streamId);
      throw new StaleStream();
    }
  }

  private async decideAndAppend<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    input: CommandInput<C>,
    streamId: string,
    { state, revision, idempotencyKeys }: LoadedStream<State>,
  ): Promise<CommandResult<State>> {
    const { id, request } = input;
    const customerId = authorize(
      kind.owner,
      { id, command: input.command, principal: request.principal, vendor: input.vendor },
      state,
      this.refusals,
    );

    const key = kind.idempotent ? (request.idempotencyKey ?? input.naturalKey ?? null) : null;
    const fingerprint = this.fingerprintOf(input.command);
    const stored = await this.storedAppend(streamId, idempotencyKeys, key, fingerprint, request);
    if (stored) return { id, events: stored, replayed: true, state };

    const now = input.now ?? this.clock.now();
    const command = {
      ...input.command,
      metadata: { now, actor: actorOf(request.principal), timeRules: this.timeRules },
    } as C;
    const decided = kind.decide(command, state);
    if (decided.length === 0) return { id, events: [], replayed: false, state };
    const events = await this.sealed(kind, input, decided, { streamId, key, now, customerId });
    const opened = this.states.openedNow();
    const result = await this.append(input, {
      streamId,
      expectedRevision: revision < 0 ? 'no_stream' : revision,
      events,
      ...(key !== null ? { idempotency: { key, fingerprint } } : {}),
    });
    const replayed = result.status === 'duplicate';
    if (replayed) this.metrics.commandReplayed();
    else this.countDenials(result.events);
    if (!replayed) this.states.appended(streamId);
    if (replayed) this.states.forget(streamId);
    else
      await this.keepAfter(kind, streamId, { state, idempotencyKeys }, key, result.events, opened);
    const after = decided.reduce((s, event, i) => kind.evolve(s, event, revision + 1 + i), state);
    return { id, events: result.events, replayed, state: after };
  }

  /** The stream as the next command will find it: these stored events opened and folded on. */
  private async keepAfter<C extends Command, E extends DomainEvent, State>(
    kind: StreamKind<C, E, State>,
    streamId: string,
    before: { readonly state: State; readonly idempotencyKeys: ReadonlySet<string> },
    key: string | null,
    appended: readonly RecordedEvent[],
    opened: { at: number; generation: number },
  ): Promise<void> {
    const last = appended.at(-1);
    if (!last) return;
    const state = foldOnto(kind, before.state, await this.vault.open(appended));
    const idempotencyKeys =
      key === null ? before.idempotencyKeys : new Set([...before.idempotencyKeys, key]);
    this.states.keep(
      streamId,
      { kind, state, revision: last.metadata.streamRevision, idempotencyKeys },
      opened,
    );
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
   * The idempotency step. Only a key already in the stream (as read or kept) needs its stored append
   * looked up. A request with the same key that lands after the read makes the append a conflict or
   * a duplicate.
   */
  private async storedAppend(
    streamId: string,
    idempotencyKeys: ReadonlySet<string>,
    key: string | null,
    fingerprint: string,
    request: CommandRequest,
  ): Promise<readonly RecordedEvent[] | null> {
    if (key === null || !idempotencyKeys.has(key)) return null;
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
      const result = await whileUnconfirmed(input.request.unconfirmed, () =>
        this.store.append(append),
      );
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
