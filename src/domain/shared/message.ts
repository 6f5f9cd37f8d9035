import type { Actor } from './actor.js';
import type { Instant } from './instant.js';
import type { TimeRules } from './time-rules.js';

/** A fact, named in the past tense; plain JSON. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** What a decider knows about the moment a command is decided. */
export interface CommandMetadata {
  /** The ledger's clock when the command is decided; deciders never read a clock. */
  readonly now: Instant;
  readonly actor: Actor;
  /** How far sources' clocks are trusted; the defaults when the shell does not say. */
  readonly timeRules?: TimeRules;
}

/** An intention, named in the imperative. */
export interface Command<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}
