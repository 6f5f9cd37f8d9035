import { HttpProblem } from '../../http/error-body.js';

export interface ConnectorRefusalLimits {
  /** Refused calls a connector may make within `windowMs` (KEYTRAIL_CONNECTOR_REFUSALS_PER_MIN). */
  readonly limit: number;
  readonly windowMs: number;
  /** Connectors tracked at once; past it, the one refused longest ago is forgotten. */
  readonly maxConnectors: number;
}

export const DEFAULT_CONNECTOR_REFUSAL_LIMITS: ConnectorRefusalLimits = {
  limit: 30,
  windowMs: 60_000,
  maxConnectors: 10_000,
};

interface Tally {
  /** When its latest refusals happened (ms), oldest first; never more than `limit` of them. */
  readonly times: number[];
  /** Refusals decided and being stored right now: they count before they land. */
  reserved: number;
}

/**
 * Keeps a connector that keeps being refused (wrong carmaker, unknown commands…) from filling the
 * ledger with refusals: a sliding window per connector (token subject). Past the limit, a call of
 * that connector that would be refused is answered 429 CONNECTOR.TOO_MANY_REFUSALS with Retry-After
 * and stores nothing, until its oldest counted refusal leaves the window. A call that is not refused
 * always goes through: a flood of bad calls never holds back the car's real lock confirmation.
 */
export class ConnectorRefusalLimiter {
  private readonly tallies = new Map<string, Tally>();

  constructor(
    private readonly limits: ConnectorRefusalLimits = DEFAULT_CONNECTOR_REFUSAL_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the connector has used up its refusals for now. */
  isPaused(connector: string): boolean {
    const tally = this.current(connector);
    return tally !== undefined && tally.times.length + tally.reserved >= this.limits.limit;
  }

  /** Counts a refusal that stores nothing (403 ACCESS.WRONG_VENDOR), or answers 429 past the limit. */
  refused(connector: string): void {
    const tally = this.tallyOf(connector);
    if (tally.times.length + tally.reserved >= this.limits.limit) throw this.refusal(tally);
    this.remember(connector, tally);
  }

  /**
   * Holds a place for a refusal about to be stored, or refuses the call when there is none left: so
   * that many calls at once cannot store more refusals than the limit. Call `settle` after the append.
   */
  reserve(connector: string): void {
    const tally = this.tallyOf(connector);
    if (tally.times.length + tally.reserved >= this.limits.limit) throw this.refusal(tally);
    tally.reserved += 1;
  }

  /** The reserved refusal was stored (it counts from now on), or it was not (the place is freed). */
  settle(connector: string, stored: boolean): void {
    const tally = this.tallies.get(connector);
    if (!tally) return;
    tally.reserved = Math.max(0, tally.reserved - 1);
    if (stored) this.remember(connector, tally);
  }

  private remember(connector: string, tally: Tally): void {
    tally.times.push(this.now());
    if (tally.times.length > this.limits.limit) tally.times.shift();
    // Most recently refused last: the first entry is the one to forget when the map is full.
    this.tallies.delete(connector);
    this.tallies.set(connector, tally);
  }

  /** The connector's tally with refusals older than the window dropped; undefined if it has none. */
  private current(connector: string): Tally | undefined {
    const tally = this.tallies.get(connector);
    if (!tally) return undefined;
    const since = this.now() - this.limits.windowMs;
    while (tally.times.length > 0 && tally.times[0]! <= since) tally.times.shift();
    if (tally.times.length === 0 && tally.reserved === 0) {
      this.tallies.delete(connector);
      return undefined;
    }
    return tally;
  }

  private tallyOf(connector: string): Tally {
    const known = this.current(connector);
    if (known) return known;
    this.makeRoom();
    const tally: Tally = { times: [], reserved: 0 };
    this.tallies.set(connector, tally);
    return tally;
  }

  /** Keeps memory bounded: forgets connectors with nothing in the window, then the stalest ones. */
  private makeRoom(): void {
    if (this.tallies.size < this.limits.maxConnectors) return;
    for (const connector of [...this.tallies.keys()]) this.current(connector);
    for (const connector of this.tallies.keys()) {
      if (this.tallies.size < this.limits.maxConnectors) return;
      this.tallies.delete(connector);
    }
  }

  private refusal(tally: Tally): HttpProblem {
    const oldest = tally.times[0] ?? this.now();
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((oldest + this.limits.windowMs - this.now()) / 1000),
    );
    return new HttpProblem(
      429,
      'CONNECTOR.TOO_MANY_REFUSALS',
      `This connector was refused ${this.limits.limit} times within ${this.limits.windowMs / 1000} s; try again later`,
      { retryAfterSeconds },
    );
  }
}
