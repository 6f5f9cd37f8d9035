import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';
import type { Command, DomainEvent } from '../../domain/shared/message.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';

/** A command as its caller sends it: the pipeline adds the metadata (moment, actor, time rules). */
export type CommandBody<C extends Command> = Omit<C, 'metadata'>;

/** Whose stream it is, and what a caller who may not reach it is answered. */
export interface Ownership<C extends Command, State> {
  /** The customer the stream belongs to, told by its state or by the command that starts it. */
  readonly customerOf: (state: State, command: CommandBody<C>) => string | null;
  /** The carmaker whose car it is; a connector reaches only its own. Without it, no connector does. */
  readonly vendorOf?: (state: State, command: CommandBody<C>) => Vendor | null;
  /** Thrown when the stream has no owner (it does not exist); without it, the decider answers. */
  readonly unknown?: (id: string) => Error;
  /** Thrown when a customer reaches for someone else's stream. */
  readonly notYours: (id: string, command: CommandBody<C>) => Error;
}

/** The data key sealing a decided event's personal fields: its scope and the customer it belongs to. */
export interface DataKeyOwner {
  readonly scope: string;
  readonly customerId: string;
}

/** One kind of stream (delivery, vehicle, case, subject): what the command pipeline needs to know. */
export interface StreamKind<C extends Command, E extends DomainEvent, State> {
  readonly streamId: (id: string) => string;
  readonly initialState: () => State;
  /** A stored event in the current schema (upcast); the stored one as it is without it. */
  readonly upcast?: (recorded: RecordedEvent) => E;
  readonly evolve: (state: State, event: E, revision: number) => State;
  readonly decide: (command: C, state: State) => E[];
  readonly schemaVersions: Readonly<Record<E['type'], number>>;
  /**
   * Whether an idempotency key (the Idempotency-Key header or the command's natural key) answers a
   * retry with what the first request stored. Streams without it decide every request afresh: their
   * deciders answer a repeat with nothing.
   */
  readonly idempotent: boolean;
  readonly owner?: Ownership<C, State>;
  /** The key of an event's personal fields; without it, they are dropped rather than stored. */
  readonly dataKeyOf?: (id: string, event: E, customerId: string | null) => DataKeyOwner;
  /**
   * The key of an event's courier fields (their positions, their name): the courier's own, so that
   * either subject's erasure leaves the other's data. Without it (or null) they are dropped.
   */
  readonly courierKeyOf?: (id: string, event: E) => DataKeyOwner | null;
}

/** The state a stream's history folds to, each event upcast to the current schema first. */
export const foldHistory = <C extends Command, E extends DomainEvent, State>(
  kind: StreamKind<C, E, State>,
  history: readonly RecordedEvent[],
): State => foldOnto(kind, kind.initialState(), history);

/** The state after these events, folded onto a state the stream's earlier events left. */
export const foldOnto = <C extends Command, E extends DomainEvent, State>(
  kind: StreamKind<C, E, State>,
  state: State,
  events: readonly RecordedEvent[],
): State =>
  events.reduce(
    (folded, recorded) =>
      kind.evolve(
        folded,
        kind.upcast ? kind.upcast(recorded) : (recorded as unknown as E),
        recorded.metadata.streamRevision,
      ),
    state,
  );
